import { normalQuantile, proportionsTest, welchTTest } from '../../stats/index.js';
import type { VersionStats } from '../sql/load-version-stats.js';
import type { MetricDefinition } from './metrics.js';

/**
 * The confidence interval, at `level`, of candidate − scale × baseline for one metric, from the
 * two versions' sums: for rates R's prop.test interval (Wald with Yates' term) when scale is 1,
 * else the Wald interval of the scaled difference; for means Welch's, with the baseline's values
 * scaled (n, k·Σx, k²·Σx²), so a relative guardrail margin counts the baseline's noise too.
 * Null with fewer than two observations on a side; a point when nothing varies.
 * @example
 * differenceInterval(RESOLUTION, v1, v2, 0.9);      // [-0.19, -0.09]: candidate − baseline
 * differenceInterval(COST, v1, v2, 0.9, 1.1);        // candidate − 1.1 × baseline
 */
export function differenceInterval(
  metric: MetricDefinition,
  baselineStats: VersionStats,
  candidateStats: VersionStats,
  level: number,
  scale = 1,
): [number, number] | null {
  const c = metric.columns;
  const get = (stats: VersionStats, column: string) => stats.columns[column] ?? 0;
  if ('successes' in c) {
    const [nb, nc] = [get(baselineStats, c.trials), get(candidateStats, c.trials)];
    if (nb < 2 || nc < 2) return null;
    const [sb, sc] = [get(baselineStats, c.successes), get(candidateStats, c.successes)];
    const [pb, pc] = [sb / nb, sc / nc];
    const d = pc - scale * pb;
    const pooled = sb + sc;
    // All successes or none in both: prop.test is undefined and the rates are certain.
    if (scale === 1 && (pooled === 0 || pooled === nb + nc)) return [d, d];
    if (scale === 1)
      return [...(proportionsTest([sc, sb], [nc, nb], { correct: true, confidence: level }).confidenceInterval as [number, number])];
    const half = normalQuantile(1 - (1 - level) / 2) * Math.sqrt((pc * (1 - pc)) / nc + (scale * scale * pb * (1 - pb)) / nb);
    return [d - half, d + half];
  }
  const summary = (stats: VersionStats, k: number) => ({
    n: get(stats, c.n),
    sum: k * get(stats, c.sum),
    sumSquares: k * k * get(stats, c.sumSquares),
  });
  const [b, a] = [summary(baselineStats, scale), summary(candidateStats, 1)];
  if (a.n < 2 || b.n < 2) return null;
  const d = a.sum / a.n - b.sum / b.n;
  const spread = (s: typeof a) => s.sumSquares - (s.sum * s.sum) / s.n;
  // Constant values on both sides (up to rounding of the sums): the difference is exact.
  if (spread(a) <= 1e-12 * Math.max(1, a.sumSquares) && spread(b) <= 1e-12 * Math.max(1, b.sumSquares)) return [d, d];
  const test = welchTTest(a, b, { confidence: level });
  return [test.confidenceInterval[0], test.confidenceInterval[1]];
}
