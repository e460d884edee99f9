import type { Connection } from '../bigquery/connection.js';
import { activeWebhooks } from './active-webhooks.js';
import { deliverNotices } from './deliver-notices.js';
import type { DeliveryRecord } from './delivery-record.js';
import type { NotificationNotice } from './notification-notice.js';
import { notificationSettings } from './notification-settings.js';
import { recordDeliveries } from './record-deliveries.js';

const what = (d: DeliveryRecord) =>
  d.event === 'test'
    ? 'test'
    : `${d.event} of ${d.label} of ${d.agentId}${d.releaseNumber === null ? '' : ` (release ${d.releaseNumber})`}`;

/**
 * Sends notices to every active webhook of the dataset that takes their event, records the
 * outcomes (one INSERT job), and warns (one line each) about what was not delivered. What it
 * notifies about has already happened: nothing here throws, every failure is a warning, and the
 * whole call ends within the retry deadline plus two small queries (none when no webhook takes
 * the event and the list is cached). Returns the deliveries.
 * @example
 * await notifyEvent(conn, [labelMoveNotice(conn, before, after)]);
 * // [{ webhookId: 'wh_1a2b3c4d', event: 'label_move', delivered: true, attempts: 1, … }]
 */
export async function notifyEvent(connection: Connection, notices: readonly NotificationNotice[]): Promise<DeliveryRecord[]> {
  const { warn } = notificationSettings();
  try {
    if (notices.length === 0) return [];
    const webhooks = await activeWebhooks(connection);
    const pairs = notices.flatMap((notice) =>
      (webhooks ?? []).filter((w) => (w.events as string[]).includes(notice.event)).map((webhook) => ({ notice, webhook })),
    );
    if (pairs.length === 0) return [];
    const deliveries = await deliverNotices(pairs);
    for (const d of deliveries.filter((d) => !d.delivered)) {
      const tries = d.attempts === 1 ? '1 attempt' : `${d.attempts} attempts`;
      warn(`warning: webhook ${d.webhookId} was not notified of ${what(d)} after ${tries}: ${d.error}; what was done stands`);
    }
    try {
      await recordDeliveries(connection, deliveries);
    } catch (error) {
      warn(`warning: the outcome of ${deliveries.length} notification(s) was not recorded in notification_deliveries: ${message(error)}`);
    }
    return deliveries;
  } catch (error) {
    warn(`warning: no notifications were sent: ${message(error)}`);
    return [];
  }
}

const message = (error: unknown) => (error instanceof Error ? error.message : String(error)).split('\n')[0];
