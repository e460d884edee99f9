// One delivery against a local receiver: what is retried (network errors, 5xx, 429 with its
// Retry-After), what is not (other 4xx, redirects), and that a series never outlasts its deadline.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { deliverWebhook } from '../../../src/notify/deliver-webhook.js';
import type { RetryPolicy } from '../../../src/notify/retry-policy.js';
import { type Receiver, signatureIsValid, startReceiver } from '../../emulator/webhook-receiver.js';

const FAST: RetryPolicy = { deadlineMs: 3_000, maxAttempts: 5, baseDelayMs: 50, attemptTimeoutMs: 1_000 };
let receiver: Receiver;
const send = (path: string, policy: RetryPolicy = FAST) =>
  deliverWebhook({ url: receiver.url(path), secret: 'k', body: '{"event":"test"}', event: 'test', deliveryId: 'd-1' }, policy);

beforeAll(async () => {
  receiver = await startReceiver();
});
afterAll(async () => {
  await receiver.close();
});
beforeEach(() => receiver.clear());

describe('deliverWebhook', () => {
  it('delivers on a 2xx at once, signed, with the event and delivery headers', async () => {
    expect(await send('/ok')).toMatchObject({ delivered: true, httpStatus: 200, attempts: 1, error: null });
    const [request] = receiver.received;
    expect(request?.headers).toMatchObject({ 'x-agentver-event': 'test', 'x-agentver-delivery': 'd-1', 'user-agent': 'agentver-notify/1' });
    expect(signatureIsValid(request as never, 'k')).toBe(true);
  });

  it('retries 5xx and 429, and waits the Retry-After a receiver asks for', async () => {
    receiver.plan('/busy', [429, 502], { 'retry-after': '1' });
    const started = Date.now();
    expect(await send('/busy')).toMatchObject({ delivered: true, httpStatus: 200, attempts: 3 });
    expect(receiver.received[1]?.at ?? 0).toBeGreaterThanOrEqual((receiver.received[0]?.at ?? 0) + 1_000);
    expect(Date.now() - started).toBeLessThan(3_000);
    expect(receiver.received.every((r) => signatureIsValid(r, 'k'))).toBe(true);
  });

  it('does not retry another 4xx, nor follow a redirect', async () => {
    receiver.plan('/gone', [404]);
    expect(await send('/gone')).toMatchObject({ delivered: false, httpStatus: 404, attempts: 1, error: 'HTTP 404: planned 404' });
    receiver.plan('/moved', [302], { location: 'http://127.0.0.1:1/elsewhere' });
    const moved = await send('/moved');
    expect(moved).toMatchObject({ delivered: false, httpStatus: 302, attempts: 1 });
    expect(moved.error).toContain('redirects are not followed');
  });

  it('sends nothing to a URL that does not parse (a row written by hand)', async () => {
    const series = await deliverWebhook({ url: 'nope', secret: 'k', body: '{}', event: 'test', deliveryId: 'd-2' }, FAST);
    expect(series).toMatchObject({ delivered: false, httpStatus: null, attempts: 0, error: 'not a URL: "nope"' });
  });

  it('gives up at the deadline: a receiver that never answers, or asks for a wait beyond it', async () => {
    receiver.plan('/hang', [0, 0, 0, 0, 0]);
    const started = Date.now();
    const hung = await send('/hang', { ...FAST, deadlineMs: 1_500, attemptTimeoutMs: 600 });
    expect(Date.now() - started).toBeLessThan(1_700);
    expect(hung).toMatchObject({ delivered: false, httpStatus: null });
    expect(hung.error).toMatch(/no answer within \d+ ms/);

    receiver.plan('/later', [503], { 'retry-after': '60' });
    const later = await send('/later');
    expect(later).toMatchObject({ delivered: false, httpStatus: 503, attempts: 1 });
    expect(later.error).toContain('gave up: no time left for another attempt within 3000 ms');
  });
});
