import { twoSampleTTest } from './two-sample-t-test.js';
import type { SampleInput, TTestOptions, TTestResult } from './types.js';

/**
 * Student's two-sample t-test with pooled variance, as R's `t.test(a, b, var.equal = TRUE)`.
 *
 * Compares the means of two independent samples assuming equal variances:
 * t = (mean(a) − mean(b) − mu)/(s_p·√(1/n_a + 1/n_b)), df = n_a + n_b − 2. Prefer `welchTTest`
 * unless the variances are known to be equal. Samples may be raw values, { n, mean, variance } or
 * { n, sum, sumSquares } (Σx²).
 *
 * Source: NIST/SEMATECH e-Handbook §1.3.5.3 (https://www.itl.nist.gov/div898/handbook/eda/section3/eda353.htm);
 * https://en.wikipedia.org/wiki/Student%27s_t-test#Equal_sample_sizes_and_variance; R `?t.test`.
 *
 * Cost: O(n_a + n_b) for raw values, O(1) for summaries.
 *
 * @example
 * studentTTest([0.7, -1.6, -0.2, -1.2, -0.1, 3.4, 3.7, 0.8, 0, 2], [1.9, 0.8, 1.1, 0.1, -0.1, 4.4, 5.5, 1.6, 4.6, 3.4]);
 * // { statistic: -1.860813, df: 18, pValue: 0.07918671,
 * //   confidenceInterval: [-3.363874, 0.203874], estimate: -1.58 }
 */
export function studentTTest(a: SampleInput, b: SampleInput, options?: TTestOptions): TTestResult {
  return twoSampleTTest(a, b, options, true, 'studentTTest');
}
