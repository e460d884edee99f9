import { differenceVariance } from './difference-variance.js';
import type { DifferenceStratum, StratifiedDifferenceResult } from './types.js';

const FN = 'stratifiedDifference';

/**
 * A difference of arms a − b estimated within strata and combined with fixed weights
 * (post-stratification): θ̂ = Σ w_k (ā_k − b̄_k) and V = Σ w_k² V_k, w normalized to sum to 1,
 * V_k = `differenceVariance` of the stratum (the larger of Welch's and the pooled variance). The
 * strata are independent (disjoint units), so their variances add. Each arm is given as a unit's
 * n, mean and variance: for a ratio metric, `ratioMoments` (delta method).
 *
 * Why strata: when a canary ramps (10% → 50%), units first exposed in each state were split at
 * that state's share. Pooling the states weights the candidate towards later units, so any
 * effect of time shared by both arms (weekdays, drift) becomes a difference between the arms
 * (Simpson's paradox). Compared within each entry state, both arms share their time. The
 * weights should not depend on the arms' outcomes (watch uses each stratum's share of units,
 * fixed at entry, before any treatment). Source: Cochran, Sampling Techniques, 3rd ed., §5A
 * (stratified estimate and its variance); Miratrix, Sekhon & Yu, "Adjusting treatment effect
 * estimates by post-stratification in randomized experiments", JRSS-B 2013.
 *
 * Cost: O(k) for k strata.
 *
 * @example
 * stratifiedDifference([
 *   { weight: 300, a: { n: 30, mean: 0.6, variance: 0.24 }, b: { n: 270, mean: 0.7, variance: 0.21 } },
 *   { weight: 100, a: { n: 50, mean: 0.5, variance: 0.25 }, b: { n: 50, mean: 0.6, variance: 0.24 } },
 * ]);
 * // { estimate: -0.1, variance: 0.00555, n: 400,
 * //   strata: [{ weight: 0.75, difference: -0.1, variance: 0.0087778 }, { weight: 0.25, difference: -0.1, variance: 0.0098 }] }
 * // (to 7 digits: 0.6 − 0.7 is −0.09999999999999998 in floating point; V₁ is Welch's 0.24/30 + 0.21/270,
 * // above the pooled 0.0078859; V = 0.75²·0.0087778 + 0.25²·0.0098)
 */
export function stratifiedDifference(strata: readonly DifferenceStratum[]): StratifiedDifferenceResult {
  if (!Array.isArray(strata) || strata.length === 0) throw new RangeError(`${FN} requires at least one stratum`);
  let total = 0;
  for (const [i, stratum] of strata.entries()) {
    const { weight, a, b } = stratum ?? {};
    if (typeof weight !== 'number' || !Number.isFinite(weight) || weight < 0) {
      throw new RangeError(`${FN} requires strata[${i}].weight to be a finite number ≥ 0`);
    }
    for (const [name, arm] of [
      ['a', a],
      ['b', b],
    ] as const) {
      if (
        typeof arm?.n !== 'number' ||
        !Number.isFinite(arm.n) ||
        arm.n < 1 ||
        typeof arm.mean !== 'number' ||
        !Number.isFinite(arm.mean) ||
        typeof arm.variance !== 'number' ||
        !(arm.variance >= 0)
      ) {
        throw new RangeError(`${FN} requires strata[${i}].${name} as { n ≥ 1, mean, variance ≥ 0 }`);
      }
    }
    total += weight;
  }
  if (!(total > 0)) throw new RangeError(`${FN} requires a positive total weight`);
  let estimate = 0;
  let variance = 0;
  let n = 0;
  const parts = strata.map(({ weight, a, b }) => {
    const w = weight / total;
    const difference = a.mean - b.mean;
    const v = differenceVariance({ ...a, isProportion: false }, { ...b, isProportion: false });
    estimate += w * difference;
    variance += w * w * v;
    n += a.n + b.n;
    return { weight: w, difference, variance: v };
  });
  return { estimate, variance, n, strata: parts };
}
