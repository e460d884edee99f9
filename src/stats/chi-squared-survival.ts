import { incompleteGammaPair } from './incomplete-gamma-pair.js';

/**
 * Chi-squared survival function (upper tail) P(X > x) with `df` degrees of freedom
 * (R's `pchisq(x, df, lower.tail = FALSE)`), the regularized upper incomplete gamma function
 * Q(df/2, x/2). This is the p-value of chi-squared tests.
 *
 * Source: NIST/SEMATECH e-Handbook §1.3.6.6.6
 * (https://www.itl.nist.gov/div898/handbook/eda/section3/eda3666.htm); continued fraction as
 * Numerical Recipes §6.2. Relative accuracy about 1e-13 even for tiny tail probabilities.
 *
 * Cost: O(√df) iterations at worst.
 *
 * @example
 * chiSquaredSurvival(3.841458820694124, 1); // 0.05
 */
export function chiSquaredSurvival(x: number, df: number): number {
  check(x, df, 'chiSquaredSurvival');
  return incompleteGammaPair(df / 2, x / 2)[1];
}

function check(x: number, df: number, name: string): void {
  if (typeof x !== 'number' || typeof df !== 'number' || Number.isNaN(x) || Number.isNaN(df)) {
    throw new TypeError(`${name} requires numbers x and df`);
  }
  if (!(df > 0) || !Number.isFinite(df)) {
    throw new RangeError(`${name} requires finite positive degrees of freedom`);
  }
}
