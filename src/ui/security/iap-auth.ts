import { OAuth2Client } from 'google-auth-library';

/** Key id → PEM public key, as https://www.gstatic.com/iap/verify/public_key serves them. */
export type IapCerts = Record<string, string>;

export interface IapAuthOptions {
  /**
   * `/projects/NUMBER/global/backendServices/ID` (behind a load balancer), `/projects/NUMBER/apps/PROJECT_ID`
   * (App Engine) or `/projects/NUMBER/locations/REGION/services/SERVICE` (IAP enabled on a Cloud Run service).
   */
  audience: string;
  /** Where the public keys come from; default: Google's IAP key endpoint (tests inject their own). */
  certs?: () => Promise<IapCerts>;
}

const IAP_ISSUER = 'https://cloud.google.com/iap';
// IAP rotates its keys rarely; re-reading them hourly picks up a rotation without a fetch per request.
const CERTS_TTL_MS = 60 * 60 * 1000;

/**
 * Verifies Cloud IAP's signed header (x-goog-iap-jwt-assertion): an ES256 JWT signed by one of
 * IAP's keys, for this audience, from IAP's issuer, within its lifetime. The signed email is the
 * author of writes; IAP's unsigned x-goog-authenticated-user-email header is never trusted.
 * https://cloud.google.com/iap/docs/signed-headers-howto
 */
export class IapAuth {
  readonly #client = new OAuth2Client();
  readonly #audience: string;
  readonly #loadCerts: () => Promise<IapCerts>;
  #cached: { certs: Promise<IapCerts>; at: number } | undefined;

  constructor(options: IapAuthOptions) {
    this.#audience = options.audience;
    this.#loadCerts = options.certs ?? (async () => (await this.#client.getIapPublicKeys()).pubkeys);
  }

  #certs(): Promise<IapCerts> {
    if (!this.#cached || Date.now() - this.#cached.at > CERTS_TTL_MS) {
      const certs = this.#loadCerts();
      this.#cached = { certs, at: Date.now() };
      // A failed fetch is not cached: the next request tries again.
      certs.catch(() => {
        this.#cached = undefined;
      });
    }
    return this.#cached.certs;
  }

  /** The signed-in email, or null when the assertion is missing or does not verify. */
  async verify(assertion: string | undefined): Promise<string | null> {
    if (!assertion) return null;
    try {
      const ticket = await this.#client.verifySignedJwtWithCertsAsync(assertion, await this.#certs(), this.#audience, [IAP_ISSUER]);
      const email = ticket.getPayload()?.email;
      return typeof email === 'string' && email !== '' ? email : null;
    } catch {
      // The library's messages quote the token; a refusal says only that it did not verify.
      return null;
    }
  }
}
