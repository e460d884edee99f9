/** Notifications: label moves and watch decisions that need a person, POSTed, signed, to the dataset's webhooks. */
export { addWebhook } from './add-webhook.js';
export { checkWebhookInput, type WebhookInput } from './check-webhook-input.js';
export type { DeliveryRecord } from './delivery-record.js';
export { listWebhooks } from './list-webhooks.js';
export type {
  LabelMoveNotice,
  LabelStateNotice,
  MetricNotice,
  NotificationNotice,
  TestNotice,
  WatchDecisionNotice,
} from './notification-notice.js';
export { configureNotifications, type NotificationSettings, notificationSettings } from './notification-settings.js';
export { NOTIFICATION_TABLES } from './notification-tables.js';
export { removeWebhook } from './remove-webhook.js';
export { DEFAULT_RETRY_POLICY, type RetryPolicy } from './retry-policy.js';
export { SIGNATURE_HEADER, signBody, TIMESTAMP_HEADER } from './sign-body.js';
export { testWebhook } from './test-webhook.js';
export { type SignedRequest, verifyWebhookSignature } from './verify-webhook-signature.js';
export {
  NOTIFICATION_EVENTS,
  type NotificationEventKind,
  PAYLOAD_FORMATS,
  type PayloadFormat,
  type Webhook,
} from './webhook-record.js';
