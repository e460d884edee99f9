import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

const digest = (text: string) => createHash('sha256').update(text).digest();

/**
 * Bearer-token checks in constant time. Both sides are hashed first, so timingSafeEqual compares
 * equal lengths and the time taken says nothing about the token's length or any prefix of it.
 * The browser's session cookie holds an HMAC of the token, not the token itself.
 */
export class TokenAuth {
  readonly #token: Buffer;
  readonly sessionValue: string;

  constructor(token: string) {
    this.#token = digest(token);
    this.sessionValue = createHmac('sha256', token).update('agentver-ui-session').digest('base64url');
  }

  /** Whether a presented token is the configured one. */
  matches(presented: string): boolean {
    return timingSafeEqual(digest(presented), this.#token);
  }

  /** Whether a session cookie was made by this server's token. */
  matchesSession(cookie: string): boolean {
    return timingSafeEqual(digest(cookie), digest(this.sessionValue));
  }
}
