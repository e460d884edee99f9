import { logGamma } from './log-gamma.js';
import type { SrmTestOptions, SrmTestResult } from './types.js';

const FN = 'srmTest';

/**
 * Sequential sample-ratio-mismatch (SRM) test: the Dirichlet–multinomial Bayes factor test of
 * Lindon & Malek, "Anytime-Valid Inference for Multinomial Count Data", NeurIPS 2022
 * (https://arxiv.org/abs/2011.03567), the test in Optimizely's open-source `ssrm`.
 *
 * Checks, at every look at a canary, that the runs per arm match the configured split; a
 * mismatch means the assignment or the logging is broken and no comparison of the arms can be
 * trusted. With cumulative counts x (n = Σx), configured shares p and a Dirichlet(c·p) mixture
 * over the true shares, the Bayes factor against "the shares are p" is
 *   ln BF = ln Γ(c) − ln Γ(c + n) + Σ [ln Γ(c·pᵢ + xᵢ) − ln Γ(c·pᵢ)] − Σ xᵢ ln pᵢ,
 * a nonnegative martingale under the null, so p = min(1, 1/BF) is an anytime-valid p-value
 * (Ville's inequality): the chance that any look ever has p ≤ α is at most α. BF depends only on
 * the cumulative counts, so daily totals give the same value as per-run updates; pass the
 * previous look's p-value as `previousPValue` to carry the running minimum (as ssrm's
 * `sequential_p_values` does).
 *
 * Tuning: `concentration` c (default 10000, ssrm's default) is the prior's weight; the test has
 * most power for mismatches of the order of √(p(1 − p)/c) in share, i.e. about ±0.3 points
 * for a 10% canary; smaller c favours larger mismatches. Shares may be weights (e.g. [90, 10]);
 * they are normalized.
 *
 * Cost: O(k) for k arms.
 *
 * @example
 * // a 90/10 canary that served 8% of its first 6,000 runs (closed form with scipy.special.gammaln)
 * srmTest([5520, 480], [90, 10]);
 * // { pValue: 0.0073332, logBayesFactor: 4.915338, reject: true, observedShares: [0.92, 0.08], expectedShares: [0.9, 0.1] }
 */
export function srmTest(counts: readonly number[], shares: readonly number[], options: SrmTestOptions = {}): SrmTestResult {
  if (!Array.isArray(counts) || !Array.isArray(shares) || counts.length < 2 || counts.length !== shares.length) {
    throw new RangeError(`${FN} requires counts and shares of the same length, at least two arms`);
  }
  for (const x of counts) {
    if (typeof x !== 'number' || !Number.isInteger(x) || x < 0) {
      throw new RangeError(`${FN} requires counts to be non-negative integers`);
    }
  }
  let weight = 0;
  for (const s of shares) {
    if (typeof s !== 'number' || !Number.isFinite(s) || !(s > 0)) {
      throw new RangeError(`${FN} requires shares to be finite positive numbers`);
    }
    weight += s;
  }
  const concentration = options.concentration ?? 10000;
  if (typeof concentration !== 'number' || !Number.isFinite(concentration) || !(concentration > 0)) {
    throw new RangeError(`${FN} requires concentration to be a finite positive number`);
  }
  const alpha = options.alpha ?? 0.05;
  if (typeof alpha !== 'number' || !(alpha > 0 && alpha < 1)) {
    throw new RangeError(`${FN} requires alpha strictly between 0 and 1`);
  }
  const previous = options.previousPValue;
  if (previous !== undefined && (typeof previous !== 'number' || !(previous >= 0 && previous <= 1))) {
    throw new RangeError(`${FN} requires previousPValue between 0 and 1`);
  }
  const p = shares.map((s) => s / weight);
  const n = counts.reduce((s, x) => s + x, 0);
  let logBayesFactor = logGamma(concentration) - logGamma(concentration + n);
  for (let i = 0; i < counts.length; i++) {
    const x = counts[i] as number;
    const pi = p[i] as number;
    const prior = concentration * pi;
    if (x > 0) logBayesFactor += logGamma(prior + x) - logGamma(prior) - x * Math.log(pi);
  }
  let pValue = Math.min(1, Math.exp(-logBayesFactor));
  if (previous !== undefined) pValue = Math.min(pValue, previous);
  return {
    pValue,
    logBayesFactor,
    reject: pValue <= alpha,
    observedShares: counts.map((x) => (n > 0 ? x / n : Number.NaN)),
    expectedShares: p,
  };
}
