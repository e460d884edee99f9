import type { NotificationNotice } from './notification-notice.js';

/** One notification to one webhook, as notification_deliveries keeps it. */
export interface DeliveryRecord {
  deliveryId: string;
  webhookId: string;
  event: NotificationNotice['event'];
  eventId: string;
  agentId: string | null;
  label: string | null;
  releaseNumber: number | null;
  delivered: boolean;
  /** The last attempt's HTTP status; null when it got no answer (or nothing was sent). */
  httpStatus: number | null;
  attempts: number;
  error: string | null;
  /** ISO-8601. */
  startedAt: string;
  finishedAt: string;
}
