import { findRoot } from './find-root.js';
import { resolveAlternative } from './resolve-alternative.js';
import type { Alternative, FisherExactResult } from './types.js';

const FN = 'fisherExactTest';

/**
 * Fisher's exact test for a 2 × 2 table [[a, b], [c, d]], as R's `fisher.test(table)`.
 *
 * An exact test of independence (equivalently, odds ratio = 1) for small counts, where the
 * chi-squared approximation is poor — e.g. rare failures per agent version. Conditioning on the
 * margins, a = table[0][0] is hypergeometric. Two-sided p-value: the total probability of
 * tables no more likely than the observed one, with R's relative tolerance 1 + 1e-7; one-sided:
 * the lower ('less') or upper ('greater') hypergeometric tail. The odds ratio is R's
 * conditional maximum-likelihood estimate (the noncentral hypergeometric mean equals a; 0 or
 * Infinity at the edges of the support), not the sample odds ratio ad/bc. It is solved to ~1e-12
 * relative; R's `uniroot` stops at a tolerance of about 1e-4, so R's printed value can differ in
 * the fifth digit.
 *
 * Source: R documentation `?fisher.test` (https://stat.ethz.ch/R-manual/R-devel/library/stats/html/fisher.test.html);
 * https://en.wikipedia.org/wiki/Fisher%27s_exact_test; Agresti (2002), Categorical Data Analysis, §3.5.
 *
 * Cost: O(min(row and column totals)) for the p-value; the odds ratio adds a root search of
 * about 50 such passes.
 *
 * @example
 * // R's tea-tasting example: fisher.test(matrix(c(3, 1, 1, 3), nrow = 2))
 * fisherExactTest([[3, 1], [1, 3]]);
 * // { pValue: 0.4857143, oddsRatio: 6.40832 } (R prints 6.408309: uniroot's tolerance)
 */
export function fisherExactTest(table: readonly (readonly number[])[], options?: { alternative?: Alternative }): FisherExactResult {
  if (!Array.isArray(table) || table.length !== 2 || !table.every((row) => Array.isArray(row) && row.length === 2)) {
    throw new RangeError(`${FN} requires a 2 x 2 table`);
  }
  const cells = table.flat() as number[];
  for (const v of cells) {
    if (typeof v !== 'number' || !Number.isFinite(v)) throw new TypeError(`${FN} requires finite counts`);
    if (v < 0 || !Number.isInteger(v)) throw new RangeError(`${FN} requires non-negative integer counts`);
  }
  const alternative = resolveAlternative(options?.alternative, FN);
  const [a, b, c, d] = cells as [number, number, number, number];
  const m = a + c; // first column total
  const n = b + d; // second column total
  const k = a + b; // first row total
  const lo = Math.max(0, k - n);
  const hi = Math.min(k, m);
  const size = hi - lo + 1;
  // log hypergeometric weights, relative to the one at lo, by the ratio recurrence
  const logd = new Float64Array(size);
  for (let i = 1; i < size; i++) {
    const x = lo + i - 1;
    logd[i] = (logd[i - 1] as number) + Math.log(((m - x) * (k - x)) / ((x + 1) * (n - k + x + 1)));
  }
  let max = Number.NEGATIVE_INFINITY;
  for (const v of logd) max = Math.max(max, v);
  const density = new Float64Array(size);
  let total = 0;
  for (let i = 0; i < size; i++) {
    density[i] = Math.exp((logd[i] as number) - max);
    total += density[i] as number;
  }
  for (let i = 0; i < size; i++) density[i] = (density[i] as number) / total;
  const obs = a - lo;

  let pValue = 0;
  if (alternative === 'less') {
    for (let i = 0; i <= obs; i++) pValue += density[i] as number;
  } else if (alternative === 'greater') {
    for (let i = obs; i < size; i++) pValue += density[i] as number;
  } else {
    const cutoff = (density[obs] as number) * (1 + 1e-7);
    for (let i = 0; i < size; i++) if ((density[i] as number) <= cutoff) pValue += density[i] as number;
  }
  pValue = Math.min(1, pValue);

  return { pValue, oddsRatio: conditionalMle(a, lo, hi, logd) };
}

/** Mean of the noncentral hypergeometric distribution with odds ratio exp(logOr). */
function noncentralMean(logOr: number, lo: number, logd: Float64Array): number {
  let max = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < logd.length; i++) max = Math.max(max, (logd[i] as number) + logOr * (lo + i));
  let num = 0;
  let den = 0;
  for (let i = 0; i < logd.length; i++) {
    const w = Math.exp((logd[i] as number) + logOr * (lo + i) - max);
    num += w * (lo + i);
    den += w;
  }
  return num / den;
}

function conditionalMle(a: number, lo: number, hi: number, logd: Float64Array): number {
  if (a === lo) return 0;
  if (a === hi) return Number.POSITIVE_INFINITY;
  const f = (t: number) => noncentralMean(t, lo, logd) - a;
  const f0 = f(0);
  if (f0 === 0) return 1;
  // The mean is increasing in log(odds ratio): bracket the root by doubling.
  let step = f0 > 0 ? -1 : 1;
  let other = step;
  while (Math.sign(f(other)) === Math.sign(f0) && Math.abs(other) < 1e4) {
    step *= 2;
    other = step;
  }
  const root = findRoot(f, Math.min(0, other), Math.max(0, other), { tolerance: 1e-14 });
  return Math.exp(root);
}
