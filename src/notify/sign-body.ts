import { createHmac } from 'node:crypto';

/** The headers every notification carries; receivers verify the last two. */
export const SIGNATURE_HEADER = 'X-Agentver-Signature';
export const TIMESTAMP_HEADER = 'X-Agentver-Timestamp';

/**
 * The signature of one attempt: HMAC-SHA256, keyed with the webhook's secret, over the bytes
 * `<timestamp>.<body>` (the timestamp in Unix seconds as decimal ASCII, a full stop, then the
 * body's exact UTF-8 bytes), as lowercase hex after `sha256=`. The timestamp is signed so a
 * captured request cannot be replayed later; each attempt of a delivery signs its own.
 * Source: RFC 2104 (HMAC); the same scheme as Stripe's and Slack's request signing.
 * @example
 * signBody('s3cret', 1767225600, '{"event":"test"}');
 * // 'sha256=…64 hex digits…'
 */
export function signBody(secret: string, timestamp: number, body: string | Uint8Array): string {
  const hmac = createHmac('sha256', secret).update(`${timestamp}.`);
  return `sha256=${(typeof body === 'string' ? hmac.update(body, 'utf8') : hmac.update(body)).digest('hex')}`;
}
