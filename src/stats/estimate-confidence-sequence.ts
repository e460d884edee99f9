import { checkPreviousLook } from './check-previous-look.js';
import type { ConfidenceSequenceResult, EstimateConfidenceSequenceParams } from './types.js';

const FN = 'estimateConfidenceSequence';

/**
 * The asymptotic confidence sequence of `confidenceSequence` for any asymptotically normal
 * estimate θ̂ of a difference, given its variance V and the number of independent units N it
 * rests on: θ̂ ± √V · √( 2(Nρ² + 1)/(Nρ²) · ln(√(Nρ² + 1)/α) ), with the always-valid p-value
 * min(1, √(Nρ² + 1) · exp(−z²·Nρ²/(2(Nρ² + 1)))), z² = (θ̂ − θ₀)²/V, and
 * ρ² = (−2 ln α + ln(−2 ln α + 1))/N* (Howard, Ramdas, McAuliffe & Sekhon 2021,
 * https://arxiv.org/abs/1810.08240, §3.5; Waudby-Smith et al. 2021,
 * https://arxiv.org/abs/2103.06476, Theorem 2.2).
 *
 * For estimates that are not a plain difference of two means: a stratified difference of
 * delta-method ratios (`stratifiedDifference`), whose V already counts each unit's correlated
 * runs. N counts units, the independent draws the central limit theorem is about, not runs.
 * V = 0 is no evidence: p = 1 and the interval is [−bound, bound] (`bound`: 1 for rates, ∞ by default).
 *
 * Cost: O(1).
 *
 * @example
 * // confidenceSequence's example (1280/2000 vs 12600/18000) as an estimate and its Welch variance
 * estimateConfidenceSequence({ estimate: -0.06, variance: 0.2304 / 2000 + 0.21 / 18000, n: 20000, plannedSampleSize: 20000 });
 * // { estimate: -0.06, standardError: 0.0112635, confidenceInterval: [-0.0941871, -0.0258129], pValue: 1.0076e-5, reject: true, rho: 0.0199200 }
 */
export function estimateConfidenceSequence(params: EstimateConfidenceSequenceParams): ConfidenceSequenceResult {
  if (typeof params !== 'object' || params === null) throw new TypeError(`${FN} requires a parameter object`);
  const { estimate, variance, n } = params;
  if (typeof estimate !== 'number' || !Number.isFinite(estimate)) throw new TypeError(`${FN} requires a finite estimate`);
  if (typeof variance !== 'number' || !Number.isFinite(variance) || variance < 0) {
    throw new RangeError(`${FN} requires variance to be a finite number ≥ 0`);
  }
  if (typeof n !== 'number' || !Number.isFinite(n) || !(n > 0)) throw new RangeError(`${FN} requires n to be a finite positive number`);
  const alpha = params.alpha ?? 0.05;
  if (typeof alpha !== 'number' || !(alpha > 0 && alpha < 1)) {
    throw new RangeError(`${FN} requires alpha strictly between 0 and 1`);
  }
  const planned = params.plannedSampleSize ?? 10000;
  if (typeof planned !== 'number' || !Number.isFinite(planned) || !(planned > 0)) {
    throw new RangeError(`${FN} requires plannedSampleSize to be a finite positive number`);
  }
  const theta0 = params.theta0 ?? 0;
  if (typeof theta0 !== 'number' || !Number.isFinite(theta0)) {
    throw new TypeError(`${FN} requires theta0 to be a finite number`);
  }
  const previous = params.previous;
  checkPreviousLook(previous, FN);
  const logAlpha = Math.log(alpha);
  const rho2 = (-2 * logAlpha + Math.log(-2 * logAlpha + 1)) / planned;
  let pValue: number;
  let lo: number;
  let hi: number;
  if (variance > 0) {
    const nr = n * rho2;
    const halfWidth = Math.sqrt(variance) * Math.sqrt(((2 * (nr + 1)) / nr) * (0.5 * Math.log(nr + 1) - logAlpha));
    lo = estimate - halfWidth;
    hi = estimate + halfWidth;
    const z2 = (estimate - theta0) ** 2 / variance;
    pValue = Math.min(1, Math.exp(0.5 * Math.log(nr + 1) - (z2 * nr) / (2 * (nr + 1))));
  } else {
    pValue = 1;
    const bound = params.bound ?? Number.POSITIVE_INFINITY;
    lo = -bound;
    hi = bound;
  }
  if (previous !== undefined) {
    pValue = Math.min(pValue, previous.pValue);
    lo = Math.max(lo, previous.confidenceInterval[0]);
    hi = Math.min(hi, previous.confidenceInterval[1]);
  }
  return {
    estimate,
    standardError: Math.sqrt(variance),
    confidenceInterval: [lo, hi],
    pValue,
    reject: pValue <= alpha,
    rho: Math.sqrt(rho2),
  };
}
