/** How long a delivery may take and how its attempts are spaced. */
export interface RetryPolicy {
  /** The whole series, every attempt and wait included, ends within this (ms). */
  deadlineMs: number;
  maxAttempts: number;
  /** The wait after the first failed attempt; it doubles after each (ms), with jitter. */
  baseDelayMs: number;
  /** One attempt's limit (ms), cut to what is left of the deadline. */
  attemptTimeoutMs: number;
}

/** A CLI process waits at most 10 s for its notifications: 5 attempts, waits of ~0.5, 1, 2 and 4 s. */
export const DEFAULT_RETRY_POLICY: RetryPolicy = { deadlineMs: 10_000, maxAttempts: 5, baseDelayMs: 500, attemptTimeoutMs: 5_000 };

/**
 * The wait before attempt `attempt + 1`: exponential backoff with "equal jitter" (half fixed,
 * half random), so receivers that failed together are not retried in lockstep. Cost O(1).
 * Source: AWS Architecture Blog, "Exponential Backoff And Jitter" (2015).
 * @example
 * retryDelayMs(2, DEFAULT_RETRY_POLICY, () => 1); // 1000
 */
export function retryDelayMs(attempt: number, policy: RetryPolicy, random: () => number = Math.random): number {
  const full = policy.baseDelayMs * 2 ** (attempt - 1);
  return Math.round(full / 2 + (full / 2) * random());
}
