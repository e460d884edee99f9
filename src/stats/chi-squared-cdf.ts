import { incompleteGammaPair } from './incomplete-gamma-pair.js';

/**
 * Chi-squared cumulative distribution function P(X ≤ x) with `df` degrees of freedom
 * (R's `pchisq(x, df)`), the regularized lower incomplete gamma function P(df/2, x/2).
 *
 * Source: NIST/SEMATECH e-Handbook §1.3.6.6.6
 * (https://www.itl.nist.gov/div898/handbook/eda/section3/eda3666.htm); series and continued
 * fraction as Numerical Recipes §6.2. Relative accuracy about 1e-13. For the p-value of a test
 * use `chiSquaredSurvival`, which keeps its accuracy in the far upper tail.
 *
 * Cost: O(√df) iterations at worst.
 *
 * @example
 * chiSquaredCdf(3.841458820694124, 1); // 0.95
 */
export function chiSquaredCdf(x: number, df: number): number {
  check(x, df, 'chiSquaredCdf');
  return incompleteGammaPair(df / 2, x / 2)[0];
}

function check(x: number, df: number, name: string): void {
  if (typeof x !== 'number' || typeof df !== 'number' || Number.isNaN(x) || Number.isNaN(df)) {
    throw new TypeError(`${name} requires numbers x and df`);
  }
  if (!(df > 0) || !Number.isFinite(df)) {
    throw new RangeError(`${name} requires finite positive degrees of freedom`);
  }
}
