import { normalCdf } from './normal-cdf.js';
import { resolveAlternative } from './resolve-alternative.js';
import type { MannWhitneyOptions, MannWhitneyResult } from './types.js';

const FN = 'mannWhitneyU';

/**
 * Mann–Whitney U test (Wilcoxon rank-sum test), as R's `wilcox.test(x, y)` with two samples.
 *
 * A test of location shift that needs no normality — for skewed metrics such as latency or cost.
 * The statistic is R's W = U of x = (sum of the ranks of x in the pooled sample) − n_x(n_x + 1)/2.
 * When `exact` (default: both samples below 50 values, as R) and there are no ties, the p-value
 * comes from the exact null distribution of U (counted by the q-binomial recurrence); otherwise
 * from the normal approximation with tie-corrected variance and, with `correct` (default true),
 * a continuity correction of ½. As R, exact is silently dropped when there are ties.
 *
 * Source: R documentation `?wilcox.test` (https://stat.ethz.ch/R-manual/R-devel/library/stats/html/wilcox.test.html);
 * https://en.wikipedia.org/wiki/Mann%E2%80%93Whitney_U_test; NIST Dataplot "Mann-Whitney".
 *
 * Cost: O((m + n) log(m + n)) to rank; the exact distribution adds O(m·n·min(m, n)) time and
 * O(m·n) memory.
 *
 * @example
 * // R's example: wilcox.test(x, y, alternative = "greater")
 * mannWhitneyU([0.8, 0.83, 1.89, 1.04, 1.45, 1.38, 1.91, 1.64, 0.73, 1.46], [1.15, 0.88, 0.9, 0.74, 1.21], { alternative: 'greater' });
 * // { statistic: 35, pValue: 0.1272061, exact: true }
 */
export function mannWhitneyU(x: readonly number[], y: readonly number[], options?: MannWhitneyOptions): MannWhitneyResult {
  if (!Array.isArray(x) || !Array.isArray(y)) throw new TypeError(`${FN} requires two arrays of numbers`);
  const m = x.length;
  const n = y.length;
  if (m === 0 || n === 0) throw new RangeError(`${FN} requires at least one observation in each sample`);
  for (const v of [...x, ...y]) {
    if (typeof v !== 'number' || !Number.isFinite(v)) throw new TypeError(`${FN} requires finite numbers`);
  }
  const alternative = resolveAlternative(options?.alternative, FN);
  const correct = options?.correct ?? true;
  const exactWanted = options?.exact ?? (m < 50 && n < 50);
  if (typeof correct !== 'boolean' || typeof exactWanted !== 'boolean') {
    throw new TypeError(`${FN} requires exact and correct to be booleans`);
  }

  // Midranks of the pooled sample, and Σ(t³ − t) over tie groups.
  const pooled = [...x.map((v) => ({ v, fromX: true })), ...y.map((v) => ({ v, fromX: false }))];
  pooled.sort((p, q) => p.v - q.v);
  let rankSumX = 0;
  let tieTerm = 0;
  for (let i = 0; i < pooled.length; ) {
    let j = i;
    while (j + 1 < pooled.length && (pooled[j + 1] as { v: number }).v === (pooled[i] as { v: number }).v) j++;
    const t = j - i + 1;
    const midrank = (i + j + 2) / 2;
    for (let k = i; k <= j; k++) if ((pooled[k] as { fromX: boolean }).fromX) rankSumX += midrank;
    tieTerm += t * t * t - t;
    i = j + 1;
  }
  const statistic = rankSumX - (m * (m + 1)) / 2;

  if (exactWanted && tieTerm === 0) {
    const cdf = (q: number) => exactCdf(q, m, n);
    const upper = (q: number) => exactCdf(m * n - q, m, n); // P(U ≥ q) by symmetry
    let pValue: number;
    if (alternative === 'less') pValue = cdf(statistic);
    else if (alternative === 'greater') pValue = upper(statistic);
    else pValue = Math.min(1, 2 * (statistic > (m * n) / 2 ? upper(statistic) : cdf(statistic)));
    return { statistic, pValue, exact: true };
  }

  const N = m + n;
  const sigma = Math.sqrt(((m * n) / 12) * (N + 1 - tieTerm / (N * (N - 1))));
  if (!(sigma > 0)) {
    throw new RangeError(`${FN} requires at least two distinct values in the pooled sample`);
  }
  let z = statistic - (m * n) / 2;
  let correction = 0;
  if (correct) {
    correction = alternative === 'two-sided' ? Math.sign(z) * 0.5 : alternative === 'greater' ? 0.5 : -0.5;
  }
  z = (z - correction) / sigma;
  const pValue =
    alternative === 'less'
      ? normalCdf(z)
      : alternative === 'greater'
        ? normalCdf(-z)
        : Math.min(1, 2 * Math.min(normalCdf(z), normalCdf(-z)));
  return { statistic, pValue, exact: false };
}

/**
 * P(U ≤ q) for U the Mann–Whitney statistic of samples of sizes m and n without ties. The counts
 * of U are the coefficients of the Gaussian binomial [m+n choose m](t) = Π_{i=1..m}(1 − t^{n+i})/(1 − t^i)
 * (https://en.wikipedia.org/wiki/Gaussian_binomial_coefficient); only coefficients up to q are
 * needed, and with q ≤ mn/2 every product step touches coefficients that stay exact or
 * positive, so tail probabilities keep full relative accuracy.
 */
function exactCdf(q: number, m: number, n: number): number {
  if (q < 0) return 0;
  const total = m * n;
  if (q >= total) return 1;
  const half = Math.floor(total / 2);
  // Use symmetry so that the summed tail is the short one: P(U ≤ q) = 1 − P(U ≤ mn − q − 1).
  if (q > half) return 1 - exactCdf(total - q - 1, m, n);
  const len = q + 1;
  const small = Math.min(m, n);
  const large = Math.max(m, n);
  const c = new Float64Array(len);
  c[0] = 1;
  for (let i = 1; i <= small; i++) {
    // multiply by (1 − t^{large+i}), then divide by (1 − t^i) (a running sum with stride i)
    const shift = large + i;
    for (let k = len - 1; k >= shift; k--) c[k] = (c[k] as number) - (c[k - shift] as number);
    for (let k = i; k < len; k++) c[k] = (c[k] as number) + (c[k - i] as number);
  }
  let sum = 0;
  for (let k = 0; k < len; k++) sum += c[k] as number;
  return sum / binomial(m + n, small);
}

function binomial(N: number, k: number): number {
  let r = 1;
  for (let i = 1; i <= k; i++) r = (r * (N - k + i)) / i;
  return r;
}
