import { ValidationError } from '../errors/validation-error.js';

/** A webhook id as `addWebhook` makes it: wh_ and 8 hex digits. */
export const WEBHOOK_ID = /^wh_[0-9a-f]{8}$/;

/**
 * Checks a webhook id before it is looked up.
 * @example
 * checkWebhookId('wh_1a2b3c4d'); // 'wh_1a2b3c4d'
 */
export function checkWebhookId(webhookId: string, field = 'webhookId'): string {
  if (typeof webhookId !== 'string' || !WEBHOOK_ID.test(webhookId)) {
    throw new ValidationError(
      [{ field, rule: `must be a webhook id like wh_1a2b3c4d (agentver notify list), got ${JSON.stringify(webhookId)}` }],
      'webhook',
    );
  }
  return webhookId;
}
