import type { Connection } from '../bigquery/connection.js';
import { param } from '../bigquery/query-parameters.js';
import { runQuery } from '../bigquery/run-query.js';
import { toWebhook, WEBHOOK_COLUMNS, type Webhook } from './webhook-record.js';

/**
 * The dataset's webhooks, oldest first: the active ones, or with `includeRemoved` every one ever
 * added. One query.
 * @example
 * await listWebhooks(conn);
 * // SELECT … FROM {{dataset}}.notification_webhooks WHERE (@all OR removed_at IS NULL) ORDER BY created_at, webhook_id
 * // [{ webhookId: 'wh_1a2b3c4d', url: 'https://hooks.example.com/agentver', secretEnv: 'AGENTVER_WEBHOOK_SECRET', … }]
 */
export async function listWebhooks(connection: Connection, options: { includeRemoved?: boolean } = {}): Promise<Webhook[]> {
  const { rows } = await runQuery(
    connection,
    `SELECT ${WEBHOOK_COLUMNS} FROM {{dataset}}.notification_webhooks
     WHERE (@all OR removed_at IS NULL)
     ORDER BY created_at, webhook_id`,
    { all: param.bool(options.includeRemoved ?? false) },
  );
  return rows.map(toWebhook);
}
