import { summarizeSample } from './summarize-sample.js';
import type { SequentialArm } from './types.js';

/** n, mean and sample variance of one arm, and whether it was given as { n, successes }. */
export interface ArmMoments {
  n: number;
  mean: number;
  variance: number;
  isProportion: boolean;
}

/**
 * Reduces one arm of a sequential test (raw values, { n, mean, variance }, { n, sum, sumSquares }
 * or { n, successes }, whose variance is p̂(1 − p̂)) to its moments; errors name `fn` and `label`.
 */
export function armMoments(arm: SequentialArm, fn: string, label: string): ArmMoments {
  if (typeof arm === 'object' && arm !== null && !Array.isArray(arm) && 'successes' in arm) {
    const { n, successes } = arm;
    if (typeof n !== 'number' || !Number.isFinite(n) || n < 1) {
      throw new RangeError(`${fn} requires ${label}.n to be a finite number of at least 1`);
    }
    if (typeof successes !== 'number' || !(successes >= 0 && successes <= n)) {
      throw new RangeError(`${fn} requires ${label}.successes between 0 and ${label}.n`);
    }
    const mean = successes / n;
    return { n, mean, variance: mean * (1 - mean), isProportion: true };
  }
  return { ...summarizeSample(arm, fn, label), isProportion: false };
}

/**
 * Variance of mean(a) − mean(b) used by the always-valid tests: the larger of the unpooled
 * (Welch) v_a/n_a + v_b/n_b and the pooled (Student) v_p·(1/n_a + 1/n_b),
 * v_p = ((n_a − 1)v_a + (n_b − 1)v_b)/(n_a + n_b − 2).
 *
 * Why the larger: with a skewed metric and a small arm (lognormal σ = 1.5, 20 runs a day
 * against 200), the small arm's own variance is low exactly when its mean is low (it has
 * missed the rare large values), so the unpooled statistic is skewed and an A/A rejects
 * "small arm lower" in 14.7% of 30-look streams (seeded simulation, 600 streams; 0% with this
 * rule). The pooled term borrows the large arm's variance, which is right under the null of no
 * difference; the unpooled term keeps the variance consistent when the arms' variances differ,
 * so taking the larger is valid in both cases and costs power only when the larger arm is
 * also the noisier one.
 */
export function differenceVariance(a: ArmMoments, b: ArmMoments): number {
  const unpooled = a.variance / a.n + b.variance / b.n;
  const df = a.n + b.n - 2;
  if (df <= 0) return unpooled;
  const pooled = (((a.n - 1) * a.variance + (b.n - 1) * b.variance) / df) * (1 / a.n + 1 / b.n);
  return Math.max(unpooled, pooled);
}
