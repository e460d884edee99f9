// The signature scheme receivers implement (docs/notifications.md): HMAC-SHA256 over
// "<timestamp>.<body>", hex, after "sha256=". Expected values from openssl, as the comments say.
import { signBody, verifyWebhookSignature } from 'agentver';
import { describe, expect, it } from 'vitest';

const AT = 1767225600; // 2026-01-01T00:00:00Z

describe('signBody', () => {
  it('is HMAC-SHA256 of "<timestamp>.<body>" in hex', () => {
    // printf '%s' '1767225600.{"event":"test"}' | openssl dgst -sha256 -hmac 's3cret'
    expect(signBody('s3cret', AT, '{"event":"test"}')).toBe('sha256=732bb40fb3fe62adb038c61ec1dd3b0593d32e8360b0f4726d10f00c1e66dcfc');
  });

  it('signs the UTF-8 bytes, the same from a string or from the bytes received', () => {
    // printf '%s' '1767225600.{"text":"é"}' | openssl dgst -sha256 -hmac 's3cret'
    const expected = 'sha256=f2e4f8b84b4a22d7cf73ffd28fb15982a7dfc8e6f33ee576cc16da5b5bdb59b7';
    expect(signBody('s3cret', AT, '{"text":"é"}')).toBe(expected);
    expect(signBody('s3cret', AT, Buffer.from('{"text":"é"}', 'utf8'))).toBe(expected);
  });
});

describe('verifyWebhookSignature', () => {
  const body = '{"event":"label_move"}';
  const now = new Date(AT * 1000);
  const signed = { body, timestamp: String(AT), signature: signBody('k', AT, body) };

  it('accepts the signature of the body, at the timestamp, within the tolerance', () => {
    expect(verifyWebhookSignature(signed, 'k', 300, now)).toBe(true);
    expect(verifyWebhookSignature(signed, 'k', 300, new Date((AT + 299) * 1000))).toBe(true);
  });

  it('refuses another secret, another body, another timestamp, a stale or missing one', () => {
    expect(verifyWebhookSignature(signed, 'other', 300, now)).toBe(false);
    expect(verifyWebhookSignature({ ...signed, body: `${body} ` }, 'k', 300, now)).toBe(false);
    expect(verifyWebhookSignature({ ...signed, timestamp: String(AT + 1) }, 'k', 300, now)).toBe(false);
    expect(verifyWebhookSignature(signed, 'k', 300, new Date((AT + 301) * 1000))).toBe(false);
    expect(verifyWebhookSignature({ ...signed, timestamp: undefined }, 'k', 300, now)).toBe(false);
    expect(verifyWebhookSignature({ ...signed, signature: 'sha256=00' }, 'k', 300, now)).toBe(false);
  });
});
