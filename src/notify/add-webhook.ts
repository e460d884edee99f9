import { randomBytes } from 'node:crypto';
import type { Connection } from '../bigquery/connection.js';
import { param } from '../bigquery/query-parameters.js';
import { runQuery } from '../bigquery/run-query.js';
import { forgetActiveWebhooks } from './active-webhooks.js';
import { checkAuthor } from './check-author.js';
import { checkWebhookInput, type WebhookInput } from './check-webhook-input.js';
import { toWebhook, WEBHOOK_COLUMNS, type Webhook } from './webhook-record.js';

/**
 * Adds a webhook to the dataset: from then on every label move and every watch decision that
 * needs a person (as `events` says) is POSTed to it, signed with the secret held by the
 * environment variable `secretEnv` (its name is stored, never its value). Bad input is a
 * ValidationError and nothing is written. One job: the INSERT and the read-back.
 * @example
 * await addWebhook(conn, { url: 'https://hooks.example.com/agentver', secretEnv: 'AGENTVER_WEBHOOK_SECRET', author: 'ann' });
 * // INSERT INTO {{dataset}}.notification_webhooks (webhook_id, url, …) VALUES (@webhook_id, @url, …, SESSION_USER(), CURRENT_TIMESTAMP());
 * // SELECT … FROM {{dataset}}.notification_webhooks WHERE webhook_id = @webhook_id
 * // { webhookId: 'wh_1a2b3c4d', payloadFormat: 'json', events: ['label_move', 'watch_decision'], … }
 */
export async function addWebhook(connection: Connection, input: WebhookInput & { author: string }): Promise<Webhook> {
  const webhook = checkWebhookInput(input);
  const author = checkAuthor(input.author);
  const webhookId = `wh_${randomBytes(4).toString('hex')}`;
  const { rows } = await runQuery(
    connection,
    `INSERT INTO {{dataset}}.notification_webhooks
       (webhook_id, url, secret_env, payload_format, events, created_by, session_user, created_at)
     VALUES (@webhook_id, @url, @secret_env, @payload_format, @events, @author, SESSION_USER(), CURRENT_TIMESTAMP());
     SELECT ${WEBHOOK_COLUMNS} FROM {{dataset}}.notification_webhooks WHERE webhook_id = @webhook_id`,
    {
      webhook_id: param.string(webhookId),
      url: param.string(webhook.url),
      secret_env: param.string(webhook.secretEnv),
      payload_format: param.string(webhook.payloadFormat),
      events: param.stringArray(webhook.events),
      author: param.string(author),
    },
  );
  forgetActiveWebhooks(connection);
  const [row] = rows;
  if (!row) throw new Error(`addWebhook: ${webhookId} was not read back after its INSERT`);
  return toWebhook(row);
}
