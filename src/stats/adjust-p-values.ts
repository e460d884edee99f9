import type { PAdjustMethod } from './types.js';

const FN = 'adjustPValues';

/**
 * Multiple-comparison adjustment of p-values, exactly as R's `p.adjust(p, method)`.
 *
 * Controls error rates when several metrics or versions are compared at once:
 * 'bonferroni' and Holm's step-down 'holm' (family-wise error rate, any dependence), Hochberg's
 * step-up 'hochberg' (FWER under independence or positive dependence), and Benjamini–Hochberg
 * 'BH' (false discovery rate). Results are capped at 1 and returned in the input order.
 *
 * Source: R documentation `?p.adjust` (https://stat.ethz.ch/R-manual/R-devel/library/stats/html/p.adjust.html);
 * Holm (1979), Scand. J. Statist. 6, 65–70; Hochberg (1988), Biometrika 75, 800–802;
 * Benjamini & Hochberg (1995), JRSS B 57, 289–300; https://en.wikipedia.org/wiki/Holm%E2%80%93Bonferroni_method.
 *
 * Cost: O(m log m) for m p-values.
 *
 * @example
 * adjustPValues([0.01, 0.02, 0.03, 0.04, 0.05], 'BH'); // [0.05, 0.05, 0.05, 0.05, 0.05]
 * adjustPValues([0.01, 0.02, 0.03], 'holm');            // [0.03, 0.04, 0.04]
 */
export function adjustPValues(p: readonly number[], method: PAdjustMethod): number[] {
  if (!Array.isArray(p)) throw new TypeError(`${FN} requires an array of p-values`);
  if (!['bonferroni', 'holm', 'hochberg', 'BH'].includes(method)) {
    throw new TypeError(`${FN} requires method to be 'bonferroni', 'holm', 'hochberg' or 'BH'`);
  }
  for (const v of p) {
    if (typeof v !== 'number' || Number.isNaN(v)) throw new TypeError(`${FN} requires numeric p-values`);
    if (v < 0 || v > 1) throw new RangeError(`${FN} requires p-values in [0, 1]`);
  }
  const n = p.length;
  if (n <= 1) return [...p];
  if (method === 'bonferroni') return p.map((v) => Math.min(1, n * v));
  // Stable sort of indices (ties keep input order), as R's order().
  const ascending = Array.from({ length: n }, (_, i) => i).sort((i, j) => (p[i] as number) - (p[j] as number) || i - j);
  const out = new Array<number>(n);
  if (method === 'holm') {
    let running = 0;
    ascending.forEach((idx, i) => {
      running = Math.max(running, (n - i) * (p[idx] as number));
      out[idx] = Math.min(1, running);
    });
    return out;
  }
  // hochberg and BH: step-up from the largest p-value
  const descending = Array.from({ length: n }, (_, i) => i).sort((i, j) => (p[j] as number) - (p[i] as number) || i - j);
  let running = Number.POSITIVE_INFINITY;
  descending.forEach((idx, k) => {
    const rank = n - k; // R's i = lp:1
    const value = method === 'hochberg' ? (n + 1 - rank) * (p[idx] as number) : (n / rank) * (p[idx] as number);
    running = Math.min(running, value);
    out[idx] = Math.min(1, running);
  });
  return out;
}
