import { randomUUID } from 'node:crypto';
import type { Connection } from '../bigquery/connection.js';
import { param } from '../bigquery/query-parameters.js';
import { runQuery } from '../bigquery/run-query.js';
import { checkAuthor } from './check-author.js';
import { checkWebhookId } from './check-webhook-id.js';
import { deliverNotices } from './deliver-notices.js';
import type { DeliveryRecord } from './delivery-record.js';
import type { TestNotice } from './notification-notice.js';
import { recordDeliveries } from './record-deliveries.js';
import { webhookNotFound } from './webhook-not-found.js';
import { toWebhook, WEBHOOK_COLUMNS, type Webhook } from './webhook-record.js';

/**
 * Sends a test notification (event `test`) to one active webhook, with the same signature,
 * retries and deadline as every notification, records it in notification_deliveries, and
 * returns the webhook and how it went: the way to check a receiver and its secret before a move depends on it.
 * Unlike the notifications of a move, a failure to record it throws.
 * @example
 * await testWebhook(conn, 'wh_1a2b3c4d', { author: 'ann' });
 * // { webhook: { … }, delivery: { webhookId: 'wh_1a2b3c4d', event: 'test', delivered: true, httpStatus: 200, attempts: 1, error: null, … } }
 */
export async function testWebhook(
  connection: Connection,
  webhookId: string,
  options: { author: string },
): Promise<{ webhook: Webhook; delivery: DeliveryRecord }> {
  checkWebhookId(webhookId);
  const author = checkAuthor(options.author);
  const { rows } = await runQuery(
    connection,
    `SELECT ${WEBHOOK_COLUMNS} FROM {{dataset}}.notification_webhooks WHERE webhook_id = @webhook_id`,
    {
      webhook_id: param.string(webhookId),
    },
  );
  const webhook = rows[0] ? toWebhook(rows[0]) : null;
  if (!webhook || webhook.removedAt) throw webhookNotFound(connection, webhookId, webhook?.removedAt ?? null);
  const dataset = `${connection.projectId}.${connection.datasetId}`;
  const notice: TestNotice = {
    event: 'test',
    event_id: `test-${randomUUID()}`,
    dataset,
    webhook_id: webhookId,
    author,
    summary: `agentver test notification for webhook ${webhookId} of dataset ${dataset}, sent by ${author}`,
  };
  const [delivery] = await deliverNotices([{ notice, webhook }]);
  if (!delivery) throw new Error(`testWebhook: no delivery for ${webhookId}`);
  await recordDeliveries(connection, [delivery]);
  return { webhook, delivery };
}
