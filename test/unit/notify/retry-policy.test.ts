import { DEFAULT_RETRY_POLICY } from 'agentver';
import { describe, expect, it } from 'vitest';
import { retryDelayMs } from '../../../src/notify/retry-policy.js';

describe('retryDelayMs', () => {
  it('doubles from the base, with half of each wait random (equal jitter)', () => {
    expect([1, 2, 3, 4].map((a) => retryDelayMs(a, DEFAULT_RETRY_POLICY, () => 1))).toEqual([500, 1000, 2000, 4000]);
    expect([1, 2, 3, 4].map((a) => retryDelayMs(a, DEFAULT_RETRY_POLICY, () => 0))).toEqual([250, 500, 1000, 2000]);
  });

  it('fits every wait of the default policy in its deadline, with time left for the attempts', () => {
    const waits = Array.from({ length: DEFAULT_RETRY_POLICY.maxAttempts - 1 }, (_, i) =>
      retryDelayMs(i + 1, DEFAULT_RETRY_POLICY, () => 1),
    );
    expect(waits.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(DEFAULT_RETRY_POLICY.deadlineMs - 2_000);
  });
});
