import { randomUUID } from 'node:crypto';
import { deliverWebhook } from './deliver-webhook.js';
import type { DeliveryRecord } from './delivery-record.js';
import { type NotificationNotice, noticeSubject } from './notification-notice.js';
import { notificationSettings } from './notification-settings.js';
import { renderPayload } from './render-payload.js';
import type { Webhook } from './webhook-record.js';

/**
 * Sends each notice to each webhook (pairs given by the caller), all at once, so the whole batch
 * ends within one retry deadline; a webhook whose secret is not set in this process gets nothing
 * (an unsigned notification would teach receivers to accept unsigned ones) and a record saying
 * so. Never throws; records nothing (recordDeliveries does).
 * @example
 * await deliverNotices([{ notice, webhook }]);
 * // [{ webhookId: 'wh_1a2b3c4d', event: 'label_move', delivered: true, httpStatus: 200, attempts: 1, … }]
 */
export async function deliverNotices(pairs: ReadonlyArray<{ notice: NotificationNotice; webhook: Webhook }>): Promise<DeliveryRecord[]> {
  const { env, retry } = notificationSettings();
  return Promise.all(
    pairs.map(async ({ notice, webhook }) => {
      const subject = noticeSubject(notice);
      const base = { deliveryId: randomUUID(), webhookId: webhook.webhookId, event: notice.event, eventId: notice.event_id, ...subject };
      const secret = env[webhook.secretEnv];
      if (!secret) {
        const now = new Date().toISOString();
        return {
          ...base,
          delivered: false,
          httpStatus: null,
          attempts: 0,
          error: `environment variable ${webhook.secretEnv} is not set in this process: nothing was sent (a notification is always signed)`,
          startedAt: now,
          finishedAt: now,
        };
      }
      const series = await deliverWebhook(
        { url: webhook.url, secret, body: renderPayload(notice, webhook.payloadFormat), event: notice.event, deliveryId: base.deliveryId },
        retry,
      );
      return {
        ...base,
        delivered: series.delivered,
        httpStatus: series.httpStatus,
        attempts: series.attempts,
        error: series.error,
        startedAt: series.startedAt.toISOString(),
        finishedAt: series.finishedAt.toISOString(),
      };
    }),
  );
}
