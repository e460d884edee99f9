import { normalQuantile, tQuantile } from '../../stats/index.js';
import type { MetricValue } from './compare-metric.js';

/**
 * A confidence interval for one version's metric, for charts: Wilson's score interval for a
 * rate (it stays inside [0, 1] and behaves with few runs; Wilson 1927, see
 * https://en.wikipedia.org/wiki/Binomial_proportion_confidence_interval#Wilson_score_interval),
 * and mean ± t(n−1)·sd/√n for a mean. Null when there is too little data.
 */
export function metricInterval(kind: 'rate' | 'mean', value: MetricValue, confidence = 0.95): [number, number] | null {
  if (value.value === null || value.n < 2) return null;
  if (kind === 'rate') {
    const z = normalQuantile(1 - (1 - confidence) / 2);
    const { n, value: p } = value;
    const center = (p + (z * z) / (2 * n)) / (1 + (z * z) / n);
    const half = (z / (1 + (z * z) / n)) * Math.sqrt((p * (1 - p)) / n + (z * z) / (4 * n * n));
    return [Math.max(0, center - half), Math.min(1, center + half)];
  }
  if (value.sd === null) return null;
  const half = tQuantile(1 - (1 - confidence) / 2, value.n - 1) * (value.sd / Math.sqrt(value.n));
  return [value.value - half, value.value + half];
}
