import type { NotificationNotice } from './notification-notice.js';
import { slackText } from './slack-text.js';
import type { PayloadFormat } from './webhook-record.js';

/**
 * The body a webhook gets: the notice as JSON (format json), or `{"text": …}` (format slack).
 * These exact bytes are signed and sent on every attempt.
 * @example
 * renderPayload(notice, 'slack'); // '{"text":"*agentver* · `triage` · label `production` → release 2 (canary)\n…"}'
 */
export function renderPayload(notice: NotificationNotice, format: PayloadFormat): string {
  return JSON.stringify(format === 'slack' ? { text: slackText(notice) } : notice);
}
