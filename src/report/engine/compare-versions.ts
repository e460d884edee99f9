import { adjustPValues } from '../../stats/index.js';
import type { VersionStats } from '../sql/load-version-stats.js';
import { type CompareOptions, compareMetric, type MetricComparison } from './compare-metric.js';
import { METRICS, type MetricDefinition } from './metrics.js';

export interface VersionComparison {
  baseline: VersionStats;
  candidate: VersionStats;
  metrics: MetricComparison[];
  /** 'worse' if any metric is worse, else 'better' if any is better, else the weakest verdict. */
  overall: MetricComparison['verdict'];
  adjustment: 'holm' | 'BH';
  alpha: number;
  confidence: number;
  /** Before/after comparisons are confounded by time; the report says so. */
  caveat: string;
}

export interface CompareVersionsOptions extends Partial<CompareOptions> {
  /** Correction across metrics: Holm (family-wise error) or Benjamini–Hochberg (false discovery rate). */
  adjustment?: 'holm' | 'BH';
  metrics?: readonly MetricDefinition[];
}

export const TIME_CAVEAT =
  'These versions ran at different times: traffic, customers and upstream models changed too, so a ' +
  'difference is not proof that the config caused it. For a causal answer, split live traffic ' +
  'between the versions at random and compare them over the same days.';

/**
 * Compares every metric of `candidate` against `baseline`, from sufficient statistics only, and
 * corrects the p-values across metrics (Holm by default) before calling anything better or worse.
 * Costs O(metrics) whatever the number of runs.
 */
export function compareVersions(baseline: VersionStats, candidate: VersionStats, options: CompareVersionsOptions = {}): VersionComparison {
  const settings: CompareOptions = {
    alpha: options.alpha ?? 0.05,
    confidence: options.confidence ?? 0.95,
    power: options.power ?? 0.8,
    minRuns: options.minRuns ?? 10,
    ...(options.minimumEffect ? { minimumEffect: options.minimumEffect } : {}),
  };
  const adjustment = options.adjustment ?? 'holm';
  const metrics = (options.metrics ?? METRICS).map((metric) => compareMetric(metric, baseline, candidate, settings));
  const tested = metrics.filter((metric) => metric.pValue !== null);
  const adjusted = adjustPValues(
    tested.map((metric) => metric.pValue as number),
    adjustment,
  );
  tested.forEach((metric, index) => {
    metric.adjustedPValue = adjusted[index] as number;
    const significant = metric.adjustedPValue < settings.alpha && metric.difference !== null && metric.difference !== 0;
    const improved = (metric.difference ?? 0) > 0 === (metric.better === 'higher');
    metric.verdict = significant ? (improved ? 'better' : 'worse') : 'no detectable change';
  });
  const verdicts = new Set(metrics.map((metric) => metric.verdict));
  const overall = verdicts.has('worse')
    ? 'worse'
    : verdicts.has('better')
      ? 'better'
      : verdicts.has('no detectable change')
        ? 'no detectable change'
        : 'not enough data';
  return { baseline, candidate, metrics, overall, adjustment, alpha: settings.alpha, confidence: settings.confidence, caveat: TIME_CAVEAT };
}
