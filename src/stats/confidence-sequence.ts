import { armMoments, differenceVariance } from './difference-variance.js';
import type { ConfidenceSequenceParams, ConfidenceSequenceResult } from './types.js';

const FN = 'confidenceSequence';

/**
 * Asymptotic confidence sequence for a difference of two means or proportions, mean(a) − mean(b):
 * the normal-mixture boundary of Howard, Ramdas, McAuliffe & Sekhon, "Time-uniform,
 * nonparametric, nonasymptotic confidence sequences", Ann. Statist. 2021
 * (https://arxiv.org/abs/1810.08240), made asymptotic by Waudby-Smith, Arbour, Sinha, Kennedy &
 * Ramdas, "Time-uniform central limit theory and asymptotic confidence sequences", 2021
 * (https://arxiv.org/abs/2103.06476, Theorem 2.2); the interval GrowthBook and Eppo use.
 *
 * For a canary checked every day: the interval covers the true difference at every look at
 * once with probability ≥ 1 − α (asymptotically), so stopping at the first look whose interval
 * excludes θ₀ keeps the error at α. With N = n_a + n_b runs so far and V the variance of
 * θ̂ = mean(a) − mean(b) (the larger of the Welch and pooled variances, see
 * `differenceVariance`), the interval is
 *   θ̂ ± √V · √( 2(Nρ² + 1)/(Nρ²) · ln(√(Nρ² + 1)/α) ),
 * and the always-valid p-value, the smallest α whose interval excludes θ₀, is
 *   min(1, √(Nρ² + 1) · exp(−z²·Nρ²/(2(Nρ² + 1)))),  z² = (θ̂ − θ₀)²/V.
 * Pass the previous look's result as `previous`: the p-value is the running minimum and the
 * interval the running intersection (both stay valid).
 *
 * Tuning: ρ is fixed before the first look through the total sample size N* at which the
 * interval should be tightest, ρ² = (−2 ln α + ln(−2 ln α + 1))/N* (Howard et al. 2021, §3.5,
 * the formula behind GrowthBook's sequential-testing tuning parameter). Default N* = 10,000 runs
 * (both arms together): about 5 days of a 2,000-runs-a-day agent. The interval is valid for any
 * N*; a poor choice only makes it wider than it could be away from N*.
 * With zero variance in both arms (e.g. no successes yet on either side) there is no evidence:
 * p = 1 and the interval is [−1, 1] for proportions and (−∞, ∞) otherwise.
 *
 * Cost: O(1) for summaries (O(n) for raw values).
 *
 * @example
 * confidenceSequence({ a: { n: 2000, successes: 1280 }, b: { n: 18000, successes: 12600 }, plannedSampleSize: 20000 });
 * // { estimate: -0.06, standardError: 0.0112635, confidenceInterval: [-0.0941871, -0.0258129], pValue: 1.0076e-5, reject: true, rho: 0.0199200 }
 */
export function confidenceSequence(params: ConfidenceSequenceParams): ConfidenceSequenceResult {
  if (typeof params !== 'object' || params === null) throw new TypeError(`${FN} requires a parameter object`);
  const a = armMoments(params.a, FN, 'a');
  const b = armMoments(params.b, FN, 'b');
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
  if (previous !== undefined) {
    const [plo, phi] = previous.confidenceInterval ?? [];
    if (
      typeof previous.pValue !== 'number' ||
      !(previous.pValue >= 0 && previous.pValue <= 1) ||
      typeof plo !== 'number' ||
      typeof phi !== 'number' ||
      Number.isNaN(plo) ||
      Number.isNaN(phi)
    ) {
      throw new TypeError(`${FN} requires previous to be an earlier result with pValue and confidenceInterval`);
    }
  }
  const logAlpha = Math.log(alpha);
  const rho2 = (-2 * logAlpha + Math.log(-2 * logAlpha + 1)) / planned;
  const rho = Math.sqrt(rho2);
  const n = a.n + b.n;
  const estimate = a.mean - b.mean;
  const variance = differenceVariance(a, b);
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
    const bound = a.isProportion && b.isProportion ? 1 : Number.POSITIVE_INFINITY;
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
    rho,
  };
}
