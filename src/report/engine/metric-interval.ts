import { tQuantile, wilsonInterval } from '../../stats/index.js';
import type { MetricValue } from './compare-metric.js';

/**
 * A confidence interval for one version's metric, for charts: Wilson's score interval for a
 * rate (it stays inside [0, 1] and behaves with few runs; Wilson 1927, see
 * https://en.wikipedia.org/wiki/Binomial_proportion_confidence_interval#Wilson_score_interval),
 * and mean ± t(n−1)·sd/√n for a mean. Null when there is too little data.
 */
export function metricInterval(kind: 'rate' | 'mean', value: MetricValue, confidence = 0.95): [number, number] | null {
  if (value.value === null || value.n < 2) return null;
  if (kind === 'rate') return wilsonInterval(value.successes as number, value.n, confidence);
  if (value.sd === null) return null;
  const half = tQuantile(1 - (1 - confidence) / 2, value.n - 1) * (value.sd / Math.sqrt(value.n));
  return [value.value - half, value.value + half];
}
