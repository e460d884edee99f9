import type { SumSummary } from './types.js';

const FN = 'varianceFromSums';

/**
 * Sample variance (denominator n − 1) of a sample known only by its size n, Σx and Σx², as the
 * marts return it: s² = (Σx² − Σx·x̄)/(n − 1) with x̄ = Σx/n.
 *
 * For reports and tests computed from SQL sums without the raw rows. Written as Σx² − Σx·x̄
 * (one rounding fewer than Σx² − (Σx)²/n) and clamped at 0, since rounding can make the
 * difference slightly negative for a constant sample. Its relative error is about
 * ε·Σx²/(Σx² − Σx·x̄) (ε = 2.2e-16): digits are lost only when the mean is large next to the
 * spread, which no formula over these sums can avoid; shift the values in SQL (Σ(x − K)) if so.
 *
 * Source: https://en.wikipedia.org/wiki/Algorithms_for_calculating_variance#Naïve_algorithm
 * (Welford/two-pass need the rows); NIST/SEMATECH e-Handbook §1.3.5.6.
 *
 * Cost: O(1).
 *
 * @example
 * // the sample 2, 4, 4, 4, 5, 5, 7, 9: Σx = 40, Σx² = 232 (numpy.var(x, ddof=1) = 4.571428571428571)
 * varianceFromSums({ n: 8, sum: 40, sumSquares: 232 }); // 4.571428571428571
 */
export function varianceFromSums(summary: SumSummary): number {
  if (typeof summary !== 'object' || summary === null) throw new TypeError(`${FN} requires { n, sum, sumSquares }`);
  const { n, sum, sumSquares } = summary;
  if (typeof n !== 'number' || !Number.isFinite(n) || n < 2) {
    throw new RangeError(`${FN} requires n to be a finite number of at least 2`);
  }
  if (typeof sum !== 'number' || !Number.isFinite(sum)) throw new TypeError(`${FN} requires sum to be a finite number`);
  if (typeof sumSquares !== 'number' || !Number.isFinite(sumSquares) || sumSquares < 0) {
    throw new RangeError(`${FN} requires sumSquares to be a finite non-negative number`);
  }
  const mean = sum / n;
  return Math.max(0, (sumSquares - sum * mean) / (n - 1));
}
