import type { MeanVarianceSummary, RatioSummary } from './types.js';

const FN = 'ratioMoments';

/**
 * A ratio metric R = Σx/Σy over n independent units (per-run resolution: x a unit's resolved runs,
 * y its runs) as one unit-level mean and variance: R, and the variance s² of the unit's
 * linearized value (x − R·y)/ȳ, so that Var(R) ≈ s²/n by the delta method (Deng, Knoblich & Lu,
 * "Applying the Delta Method in Metric Analytics", KDD 2018, https://arxiv.org/abs/1803.06336, §3):
 *   s² = (S_xx − 2R·S_xy + R²·S_yy)/ȳ² = Σ(x − R·y)² / ((n − 1)·ȳ²),
 * with sample (co)variances (denominator n − 1). It counts a unit's correlated runs once: with
 * many runs a unit and an intra-unit correlation, the run-level binomial variance is too small
 * by the design effect 1 + (E[m²]/E[m] − 1)·ICC. With one run a unit (y = 1), s² is the sample
 * variance of x. From the sums alone, as SQL keeps them (GrowthBook's ratio-metric sufficient
 * statistics are the same five sums). Loses digits when Σx² ≫ Σ(x − R·y)², as any sums formula.
 *
 * For the always-valid comparison of a canary's arms, by unit (`stratifiedDifference`).
 *
 * Cost: O(1).
 *
 * @example
 * // units (x, y): (1, 2), (0, 1), (3, 3), (2, 4)
 * ratioMoments({ n: 4, sumNum: 6, sumDen: 10, sumNumSquares: 14, sumDenSquares: 30, sumNumDen: 19 });
 * // { n: 4, mean: 0.6, variance: 0.1066667 }  (Σ(x − 0.6y)² = 2, ȳ = 2.5: s² = 2/(3 · 2.5²))
 */
export function ratioMoments(summary: RatioSummary): MeanVarianceSummary {
  if (typeof summary !== 'object' || summary === null) throw new TypeError(`${FN} requires a summary object`);
  const { n, sumNum, sumDen, sumNumSquares, sumDenSquares, sumNumDen } = summary;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 1) throw new RangeError(`${FN} requires n to be an integer of at least 1`);
  for (const [name, value] of Object.entries({ sumNum, sumDen, sumNumSquares, sumDenSquares, sumNumDen })) {
    if (typeof value !== 'number' || !Number.isFinite(value)) throw new TypeError(`${FN} requires ${name} to be a finite number`);
  }
  if (!(sumDen > 0)) throw new RangeError(`${FN} requires sumDen > 0 (a ratio needs a denominator)`);
  if (sumNumSquares < 0 || sumDenSquares < 0) throw new RangeError(`${FN} requires sums of squares ≥ 0`);
  const ratio = sumNum / sumDen;
  const meanDen = sumDen / n;
  const residual = sumNumSquares - 2 * ratio * sumNumDen + ratio * ratio * sumDenSquares;
  // Rounding can leave a tiny negative residual when every unit sits on the ratio.
  const variance = n > 1 ? Math.max(0, residual) / ((n - 1) * meanDen * meanDen) : 0;
  return { n, mean: ratio, variance };
}
