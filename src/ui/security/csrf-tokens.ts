import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * Signed double-submit CSRF tokens: the browser holds a random value in an HttpOnly,
 * SameSite=Strict cookie, and every form carries HMAC(server secret, that value). Another site
 * can neither read the cookie nor compute the HMAC, so it cannot forge a form that passes.
 * https://cheatsheetseries.owasp.org/cheatsheets/Cross-Site_Request_Forgery_Prevention_Cheat_Sheet.html
 */
export class CsrfTokens {
  readonly #secret: Buffer;

  /** The secret lives as long as the process: forms shown before a restart are refused (reload them). */
  constructor(secret: Buffer = randomBytes(32)) {
    this.#secret = secret;
  }

  /** A new cookie value for a browser that has none. */
  newCookie(): string {
    return randomBytes(32).toString('base64url');
  }

  tokenFor(cookie: string): string {
    return createHmac('sha256', this.#secret).update(cookie).digest('base64url');
  }

  verify(cookie: string | undefined, token: unknown): boolean {
    if (!cookie || typeof token !== 'string') return false;
    const expected = Buffer.from(this.tokenFor(cookie));
    const given = Buffer.from(token);
    return given.length === expected.length && timingSafeEqual(given, expected);
  }
}
