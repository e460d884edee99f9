import { checkPreviousLook } from './check-previous-look.js';
import { armMoments, differenceVariance } from './difference-variance.js';
import type { SequentialTestParams, SequentialTestResult } from './types.js';

const FN = 'sequentialTest';

/**
 * Always-valid sequential test of a difference in means or proportions: the mixture sequential
 * probability ratio test (mSPRT) with a normal mixing distribution, as in Johari, Koomen, Pekelis
 * & Walsh, "Peeking at A/B Tests: Why it matters, and what to do about it", KDD 2017
 * (https://arxiv.org/abs/1512.04922, "Always Valid Inference").
 *
 * For daily monitoring: the p-value and interval stay valid however often they are looked at,
 * so stopping at the first p ≤ α keeps the false-positive rate at or below α. Give the
 * cumulative data of each arm so far ({ n, mean, variance }, { n, sum, sumSquares }, raw values,
 * or { n, successes } for 0/1 outcomes, whose variance is p̂(1 − p̂)). With θ̂ = mean(a) − mean(b),
 * its variance s² = max(v_a/n_a + v_b/n_b, v_p(1/n_a + 1/n_b)) (the larger of the Welch and the
 * pooled plug-in variance: with a skewed metric and unequal arms the Welch variance alone lets
 * an A/A reject in 14% of 30-look streams; see `differenceVariance`) and a N(θ₀, τ²) mixture over
 * the true difference,
 *   Λ = √(s²/(s² + τ²)) · exp(τ²(θ̂ − θ₀)² / (2s²(s² + τ²))),
 * the always-valid p-value is min(1, 1/Λ, previous p) and the (1 − α) interval is
 * θ̂ ± √(s²(s² + τ²)/τ² · (2 ln(1/α) + ln((s² + τ²)/s²))), intersected with the previous one.
 * Pass the previous look's result as `previous` to carry both; `reject` is p ≤ α.
 *
 * Tuning τ: the test has most power for true differences near τ; Johari et al. choose τ² to
 * match the spread of effects seen in past experiments (§4 of the paper), i.e. set τ to the
 * size of difference you expect or care about, in the metric's units. Fix τ before the
 * experiment starts. Default: 0.1 × the pooled standard deviation (a standardized effect of 0.1).
 *
 * With zero variance in both arms (no successes yet on either side) there is no evidence: p = 1
 * (or the previous p) and the interval is [−1, 1] for proportions, (−∞, ∞) otherwise (or the
 * previous one). Heavy-tailed means should be capped first (`winsorizedSums`).
 *
 * Cost: O(1) for summaries (O(n) for raw values).
 *
 * @example
 * sequentialTest({ a: { n: 1000, mean: 0.1, variance: 1 }, b: { n: 1000, mean: 0, variance: 1 }, tau: 0.1 });
 * // { statistic: 3.2787, pValue: 0.3050, confidenceInterval: [-0.0367, 0.2367], reject: false, estimate: 0.1, tau: 0.1 }
 */
export function sequentialTest(params: SequentialTestParams): SequentialTestResult {
  if (typeof params !== 'object' || params === null) throw new TypeError(`${FN} requires a parameter object`);
  const a = armMoments(params.a, FN, 'a');
  const b = armMoments(params.b, FN, 'b');
  const alpha = params.alpha ?? 0.05;
  if (typeof alpha !== 'number' || !(alpha > 0 && alpha < 1)) {
    throw new RangeError(`${FN} requires alpha strictly between 0 and 1`);
  }
  const theta0 = params.theta0 ?? 0;
  if (typeof theta0 !== 'number' || !Number.isFinite(theta0)) {
    throw new TypeError(`${FN} requires theta0 to be a finite number`);
  }
  const s2 = differenceVariance(a, b);
  let tau = params.tau;
  if (tau === undefined) {
    tau = 0.1 * Math.sqrt((a.n * a.variance + b.n * b.variance) / (a.n + b.n));
  } else if (typeof tau !== 'number' || !(tau > 0) || !Number.isFinite(tau)) {
    throw new RangeError(`${FN} requires tau to be a finite positive number`);
  }
  const previous = params.previous;
  checkPreviousLook(previous, FN);
  const estimate = a.mean - b.mean;
  let statistic = 1;
  let pValue = 1;
  const bound = a.isProportion && b.isProportion ? 1 : Number.POSITIVE_INFINITY;
  let lo = -bound;
  let hi = bound;
  if (s2 > 0) {
    const tau2 = tau * tau;
    const logRatio = 0.5 * Math.log(s2 / (s2 + tau2)) + (tau2 * (estimate - theta0) ** 2) / (2 * s2 * (s2 + tau2));
    statistic = Math.exp(logRatio);
    pValue = Math.min(1, Math.exp(-logRatio));
    const halfWidth = Math.sqrt(((s2 * (s2 + tau2)) / tau2) * (2 * Math.log(1 / alpha) + Math.log((s2 + tau2) / s2)));
    lo = estimate - halfWidth;
    hi = estimate + halfWidth;
  }
  if (previous !== undefined) {
    pValue = Math.min(pValue, previous.pValue);
    lo = Math.max(lo, previous.confidenceInterval[0]);
    hi = Math.min(hi, previous.confidenceInterval[1]);
  }
  return { statistic, pValue, confidenceInterval: [lo, hi], reject: pValue <= alpha, estimate, tau };
}
