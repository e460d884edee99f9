import { armMoments, differenceVariance } from './difference-variance.js';
import { estimateConfidenceSequence } from './estimate-confidence-sequence.js';
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
  try {
    return estimateConfidenceSequence({
      alpha: params.alpha,
      plannedSampleSize: params.plannedSampleSize,
      theta0: params.theta0,
      previous: params.previous,
      estimate: a.mean - b.mean,
      variance: differenceVariance(a, b),
      n: a.n + b.n,
      bound: a.isProportion && b.isProportion ? 1 : Number.POSITIVE_INFINITY,
    });
  } catch (error) {
    // The checks are the boundary's; the caller called confidenceSequence.
    if (error instanceof Error) error.message = error.message.replace('estimateConfidenceSequence', FN);
    throw error;
  }
}
