/**
 * Seeded helpers shared by the simulations: day quantiles, and `sequentialTest` on the audit's
 * lognormal case. The canary simulation itself is bench/unit-canary-simulation-kit.ts.
 */

import { mulberry32, normalGenerator } from '../src/demo/seeded-random.js';
import { sequentialTest } from '../src/stats/sequential-test.js';
import type { SequentialTestResult, SumSummary } from '../src/stats/types.js';
import { winsorizedSums } from '../src/stats/winsorized-sums.js';

/** Quantile of a list of days (nearest rank), or null when empty. */
export function dayQuantile(days: readonly number[], q: number): number | null {
  if (days.length === 0) return null;
  const sorted = [...days].sort((x, y) => x - y);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] as number;
}

/**
 * `sequentialTest` (mSPRT, default τ) on the audit's case: lognormal σ = 1.5 latency, arms of
 * `perDay` = [a, b] runs a day, `looks` daily looks, A/A; optionally capped at the pooled
 * percentile. Returns the share of streams that ever rejected, and the share that rejected with
 * arm b lower.
 */
export function simulateSequentialLognormal(s: {
  seed: number;
  streams: number;
  looks: number;
  perDay: readonly [number, number];
  capPercentile: number;
}): { rejected: number; rejectedBLower: number } {
  const uniform = mulberry32(s.seed);
  const normal = normalGenerator(uniform);
  let rejected = 0;
  let rejectedBLower = 0;
  for (let stream = 0; stream < s.streams; stream++) {
    const values: number[][] = [[], []];
    let previous: SequentialTestResult | undefined;
    for (let look = 0; look < s.looks; look++) {
      for (let arm = 0; arm < 2; arm++) {
        for (let i = 0; i < (s.perDay[arm] as number); i++) (values[arm] as number[]).push(Math.exp(1.5 * normal()));
      }
      const [a, b] = winsorizedSums(values, s.capPercentile).arms as [SumSummary, SumSummary];
      previous = sequentialTest({ a, b, ...(previous ? { previous } : {}) });
      if (previous.reject) {
        rejected++;
        if (previous.estimate > 0) rejectedBLower++;
        break;
      }
    }
  }
  return { rejected: rejected / s.streams, rejectedBLower: rejectedBLower / s.streams };
}
