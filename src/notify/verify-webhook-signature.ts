import { timingSafeEqual } from 'node:crypto';
import { signBody } from './sign-body.js';

export interface SignedRequest {
  /** The raw body, exactly as received (before any JSON parsing). */
  body: string | Uint8Array;
  /** The X-Agentver-Timestamp header. */
  timestamp: string | undefined;
  /** The X-Agentver-Signature header. */
  signature: string | undefined;
}

/**
 * For a receiver written in Node: whether a request was signed by agentver with this secret
 * within `toleranceSeconds` (default 300) of `now`. Compares in constant time. A receiver should
 * also remember the X-Agentver-Delivery ids it has handled, since one delivery's retries carry
 * the same body (and a replay inside the tolerance verifies). docs/notifications.md has the same
 * check in Python and shell.
 * @example
 * verifyWebhookSignature({ body: rawBody, timestamp: req.headers['x-agentver-timestamp'], signature: req.headers['x-agentver-signature'] }, process.env.AGENTVER_WEBHOOK_SECRET);
 * // true
 */
export function verifyWebhookSignature(request: SignedRequest, secret: string, toleranceSeconds = 300, now: Date = new Date()): boolean {
  const { timestamp, signature } = request;
  if (!timestamp || !signature || !/^\d{1,12}$/.test(timestamp)) return false;
  if (Math.abs(now.getTime() / 1000 - Number(timestamp)) > toleranceSeconds) return false;
  const expected = Buffer.from(signBody(secret, Number(timestamp), request.body));
  const given = Buffer.from(signature);
  return given.length === expected.length && timingSafeEqual(given, expected);
}
