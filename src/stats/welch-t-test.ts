import { twoSampleTTest } from './two-sample-t-test.js';
import type { SampleInput, TTestOptions, TTestResult } from './types.js';

/**
 * Welch's two-sample t-test (unequal variances), as R's `t.test(a, b, var.equal = FALSE)`.
 *
 * Compares the means of two independent samples without assuming equal variances — the default
 * choice for comparing a metric between two agent versions. t = (mean(a) − mean(b) − mu)/SE with
 * SE² = s²_a/n_a + s²_b/n_b and Welch–Satterthwaite degrees of freedom. Each sample may be raw
 * values, { n, mean, variance } or { n, sum, sumSquares } (Σx²), so daily aggregates suffice.
 *
 * Source: NIST/SEMATECH e-Handbook §1.3.5.3 (https://www.itl.nist.gov/div898/handbook/eda/section3/eda353.htm);
 * https://en.wikipedia.org/wiki/Welch%27s_t-test; R documentation `?t.test`.
 *
 * Cost: O(n_a + n_b) for raw values, O(1) for summaries.
 *
 * @example
 * // R's sleep data: t.test(extra ~ group, data = sleep)
 * welchTTest([0.7, -1.6, -0.2, -1.2, -0.1, 3.4, 3.7, 0.8, 0, 2], [1.9, 0.8, 1.1, 0.1, -0.1, 4.4, 5.5, 1.6, 4.6, 3.4]);
 * // { statistic: -1.860813, df: 17.77647, pValue: 0.07939414,
 * //   confidenceInterval: [-3.365483, 0.2054832], estimate: -1.58 }
 */
export function welchTTest(a: SampleInput, b: SampleInput, options?: TTestOptions): TTestResult {
  return twoSampleTTest(a, b, options, false, 'welchTTest');
}
