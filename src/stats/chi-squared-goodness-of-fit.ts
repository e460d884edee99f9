import { chiSquaredSurvival } from './chi-squared-survival.js';
import type { GoodnessOfFitResult } from './types.js';

const FN = 'chiSquaredGoodnessOfFit';

/**
 * Pearson's chi-squared goodness-of-fit test, as R's `chisq.test(observed, p = expected, rescale.p = TRUE)`.
 *
 * Tests observed category counts against expected shares — the sample-ratio-mismatch (SRM)
 * check of an experiment's traffic split. `expected` gives the shares in any unit: probabilities
 * or counts, rescaled to sum to one (so [1, 1] and [0.5, 0.5] mean the same); default uniform.
 * X² = Σ(O − E)²/E with E = n·p, df = k − 1. No continuity correction (R applies none here).
 *
 * Source: NIST/SEMATECH e-Handbook §1.3.5.15 (https://www.itl.nist.gov/div898/handbook/eda/section3/eda35f.htm);
 * R documentation `?chisq.test` (https://stat.ethz.ch/R-manual/R-devel/library/stats/html/chisq.test.html);
 * Fabijan et al., "Diagnosing Sample Ratio Mismatch in Online Controlled Experiments", KDD 2019.
 *
 * Cost: O(k).
 *
 * @example
 * // 50/50 split, 5,000 vs 5,200 users
 * chiSquaredGoodnessOfFit([5000, 5200]);
 * // { statistic: 3.921569, df: 1, pValue: 0.04767, expected: [5100, 5100] }
 */
export function chiSquaredGoodnessOfFit(observed: readonly number[], expected?: readonly number[]): GoodnessOfFitResult {
  if (!Array.isArray(observed) || observed.length < 2) {
    throw new RangeError(`${FN} requires at least two observed categories`);
  }
  for (const v of observed) {
    if (typeof v !== 'number' || !Number.isFinite(v)) throw new TypeError(`${FN} requires finite observed counts`);
    if (v < 0) throw new RangeError(`${FN} requires non-negative observed counts`);
  }
  const k = observed.length;
  const shares = expected ?? observed.map(() => 1);
  if (!Array.isArray(shares) || shares.length !== k) {
    throw new RangeError(`${FN} requires expected to have one share per observed category`);
  }
  for (const v of shares) {
    if (typeof v !== 'number' || !Number.isFinite(v)) throw new TypeError(`${FN} requires finite expected shares`);
    if (!(v > 0)) throw new RangeError(`${FN} requires positive expected shares`);
  }
  const n = observed.reduce((s, v) => s + v, 0);
  if (!(n > 0)) throw new RangeError(`${FN} requires a positive total count`);
  const shareTotal = shares.reduce((s, v) => s + v, 0);
  const expectedCounts = shares.map((s) => (n * s) / shareTotal);
  let statistic = 0;
  for (let i = 0; i < k; i++) {
    const e = expectedCounts[i] as number;
    statistic += ((observed[i] as number) - e) ** 2 / e;
  }
  const df = k - 1;
  return { statistic, df, pValue: chiSquaredSurvival(statistic, df), expected: expectedCounts };
}
