/**
 * The significance level each metric of a corrected family is tested at, so its interval can be
 * shown at 1 − that level and exclude 0 exactly when the correction calls it better or worse:
 * - Holm: the i-th smallest p-value (0-based) is compared with α/(m − i) while every earlier one
 *   was rejected; from the first that is not, Holm stops and every later one keeps that step's
 *   α/(m − j), which its p-value is at least, so its interval covers 0.
 * - BH: with R rejections, each rejected p is at most R·α/m and each other above it (Benjamini &
 *   Yekutieli 2005 give the selected intervals level 1 − R·α/m, controlling the false coverage
 *   rate); with none, α/m.
 * `adjusted` are the family's adjusted p-values, in the same order as `pValues`.
 *
 * Source: Holm (1979), Scand. J. Statist. 6, 65–70; Benjamini & Yekutieli (2005), JASA 100, 71–81.
 * @example
 * familyLevels([0.001, 0.04, 0.3], [0.003, 0.08, 0.3], 0.05, 'holm'); // [0.05 / 3, 0.025, 0.025]
 */
export function familyLevels(pValues: readonly number[], adjusted: readonly number[], alpha: number, method: 'holm' | 'BH'): number[] {
  const m = pValues.length;
  const rejected = adjusted.filter((p) => p < alpha).length;
  if (method === 'BH') return pValues.map(() => (alpha * Math.max(1, rejected)) / m);
  const order = pValues.map((p, index) => ({ p, index })).sort((x, y) => x.p - y.p);
  const levels = new Array<number>(m);
  order.forEach(({ index }, rank) => {
    levels[index] = alpha / (m - Math.min(rank, rejected));
  });
  return levels;
}
