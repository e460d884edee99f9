import { postOnce } from './post-once.js';
import { type RetryPolicy, retryDelayMs } from './retry-policy.js';
import { SIGNATURE_HEADER, signBody, TIMESTAMP_HEADER } from './sign-body.js';

/** One notification to one webhook: the body is the same bytes on every attempt. */
export interface DeliveryRequest {
  url: string;
  secret: string;
  body: string;
  event: string;
  deliveryId: string;
}

/** How a series of attempts ended. */
export interface AttemptSeries {
  delivered: boolean;
  /** The last attempt's HTTP status; null when it got no answer. */
  httpStatus: number | null;
  attempts: number;
  error: string | null;
  startedAt: Date;
  finishedAt: Date;
}

/** The shortest attempt worth starting before the deadline (ms). */
const MIN_ATTEMPT_MS = 250;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * POSTs a notification, signed afresh on each attempt (signBody), and retries a network error,
 * a timeout, a 5xx or a 429 with backoff (retryDelayMs, or the receiver's Retry-After when
 * longer) until it is delivered (2xx), refused (any other status: a 3xx is not followed), out of
 * attempts, or out of time: the series never outlasts `policy.deadlineMs`. Never throws.
 * @example
 * await deliverWebhook({ url: 'https://hooks.example.com/x', secret, body: '{"event":"test"}', event: 'test', deliveryId: 'd-1' }, DEFAULT_RETRY_POLICY);
 * // { delivered: true, httpStatus: 200, attempts: 1, error: null, startedAt, finishedAt }
 */
export async function deliverWebhook(request: DeliveryRequest, policy: RetryPolicy): Promise<AttemptSeries> {
  const startedAt = new Date();
  const deadline = startedAt.getTime() + policy.deadlineMs;
  let url: URL;
  try {
    url = new URL(request.url);
  } catch {
    return {
      delivered: false,
      httpStatus: null,
      attempts: 0,
      error: `not a URL: ${JSON.stringify(request.url)}`,
      startedAt,
      finishedAt: new Date(),
    };
  }
  let attempts = 0;
  let httpStatus: number | null = null;
  let error: string | null = null;
  for (;;) {
    attempts++;
    const timestamp = Math.floor(Date.now() / 1000);
    const headers = {
      'content-type': 'application/json; charset=utf-8',
      'user-agent': 'agentver-notify/1',
      'x-agentver-event': request.event,
      'x-agentver-delivery': request.deliveryId,
      [TIMESTAMP_HEADER.toLowerCase()]: String(timestamp),
      [SIGNATURE_HEADER.toLowerCase()]: signBody(request.secret, timestamp, request.body),
    };
    let retryable: boolean;
    let wait = 0;
    try {
      const timeout = Math.max(1, Math.min(policy.attemptTimeoutMs, deadline - Date.now()));
      const answer = await postOnce(url, headers, request.body, timeout);
      httpStatus = answer.status;
      if (answer.status >= 200 && answer.status < 300)
        return { delivered: true, httpStatus, attempts, error: null, startedAt, finishedAt: new Date() };
      retryable = answer.status === 429 || answer.status >= 500;
      wait = answer.retryAfterMs ?? 0;
      const redirect = answer.status >= 300 && answer.status < 400 ? ': redirects are not followed (add the final URL instead)' : '';
      error = `HTTP ${answer.status}${redirect}${answer.text ? `: ${answer.text}` : ''}`;
    } catch (failure) {
      httpStatus = null;
      retryable = true;
      error = failure instanceof Error ? failure.message : String(failure);
    }
    if (!retryable || attempts >= policy.maxAttempts) break;
    wait = Math.max(wait, retryDelayMs(attempts, policy));
    if (Date.now() + wait + MIN_ATTEMPT_MS > deadline) {
      error = `${error} (gave up: no time left for another attempt within ${policy.deadlineMs} ms)`;
      break;
    }
    await sleep(wait);
  }
  return { delivered: false, httpStatus, attempts, error, startedAt, finishedAt: new Date() };
}
