import type { Connection } from '../bigquery/connection.js';
import { param } from '../bigquery/query-parameters.js';
import { runQuery } from '../bigquery/run-query.js';
import { forgetActiveWebhooks } from './active-webhooks.js';
import { checkAuthor } from './check-author.js';
import { checkWebhookId } from './check-webhook-id.js';
import { webhookNotFound } from './webhook-not-found.js';
import { toWebhook, WEBHOOK_COLUMNS, type Webhook } from './webhook-record.js';

/**
 * Stops notifying a webhook: sets its removed_at and removed_by (its row and its deliveries
 * stay). Removing one already removed changes nothing (`removed: false`); an unknown id is a
 * not_found error. One job, a script: what was active, the UPDATE, the read-back.
 * @example
 * await removeWebhook(conn, 'wh_1a2b3c4d', { author: 'ann' });
 * // UPDATE {{dataset}}.notification_webhooks SET removed_at = CURRENT_TIMESTAMP(), removed_by = @author
 * // WHERE webhook_id = @webhook_id AND removed_at IS NULL; SELECT …
 * // { webhook: { webhookId: 'wh_1a2b3c4d', removedAt: '2026-…', removedBy: 'ann', … }, removed: true }
 */
export async function removeWebhook(
  connection: Connection,
  webhookId: string,
  options: { author: string },
): Promise<{ webhook: Webhook; removed: boolean }> {
  checkWebhookId(webhookId);
  const author = checkAuthor(options.author);
  const { rows } = await runQuery(
    connection,
    `CREATE TEMP TABLE was_active AS
       SELECT COUNTIF(removed_at IS NULL) > 0 AS active FROM {{dataset}}.notification_webhooks WHERE webhook_id = @webhook_id;
     UPDATE {{dataset}}.notification_webhooks SET removed_at = CURRENT_TIMESTAMP(), removed_by = @author
     WHERE webhook_id = @webhook_id AND removed_at IS NULL;
     SELECT ${WEBHOOK_COLUMNS}, (SELECT active FROM was_active) AS removed_now
     FROM {{dataset}}.notification_webhooks WHERE webhook_id = @webhook_id`,
    { webhook_id: param.string(webhookId), author: param.string(author) },
  );
  forgetActiveWebhooks(connection);
  const [row] = rows;
  if (!row) throw webhookNotFound(connection, webhookId);
  return { webhook: toWebhook(row), removed: row.removed_now === true };
}
