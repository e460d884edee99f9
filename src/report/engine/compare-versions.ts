import { ValidationError } from '../../errors/validation-error.js';
import { parseRolloutPolicy } from '../../rollout/parse-rollout-policy.js';
import type { Guardrail } from '../../rollout/rollout-policy.js';
import { adjustPValues } from '../../stats/index.js';
import type { VersionStats } from '../sql/load-version-stats.js';
import { type CompareOptions, compareMetric, type MetricComparison } from './compare-metric.js';
import { type ComparisonDecision, decideComparison } from './decide-comparison.js';
import { differenceInterval } from './difference-interval.js';
import { familyLevels } from './family-levels.js';
import { gradeMetrics } from './grade-metrics.js';
import { METRICS, type MetricDefinition } from './metrics.js';

export interface VersionComparison extends ComparisonDecision {
  baseline: VersionStats;
  candidate: VersionStats;
  metrics: MetricComparison[];
  /** The metric the overall verdict follows, tested on its own at alpha. */
  primary: string;
  /** Metrics that turn the verdict to worse beyond their margin, and must be within it for better. */
  guardrails: Guardrail[];
  /** Correction across the metrics other than the primary. */
  adjustment: 'holm' | 'BH';
  alpha: number;
  confidence: number;
  /** Before/after comparisons are confounded by time; the report says so. */
  caveat: string;
  /** A single fixed-horizon look: repeated daily, its false alarms add up; `agentver watch` is built for that. */
  singleLook: string;
}

export interface CompareVersionsOptions extends Partial<CompareOptions> {
  /** Correction across metrics: Holm (family-wise error) or Benjamini–Hochberg (false discovery rate). */
  adjustment?: 'holm' | 'BH';
  /** The metrics compared; default the run-level METRICS and each grade metric either version has. */
  metrics?: readonly MetricDefinition[];
  /** The metric the verdict follows (default resolution_rate), as a canary's rollout policy. */
  primary?: string;
  /** Guardrails with margins (parseGuardrail); default the rollout policy's error_rate:+0.02 and cost_usd:+10%. */
  guardrails?: readonly Guardrail[];
}

export const TIME_CAVEAT =
  'These versions ran at different times: traffic, customers and upstream models changed too, so a ' +
  'difference is not proof that the config caused it. For a causal answer, split live traffic ' +
  'between the versions at random and compare them over the same days.';

export const SINGLE_LOOK =
  'This is a single look at a fixed horizon: checked again every day, its chance of a false "worse" ' +
  'grows with every look. For daily checks of a canary use `agentver watch`, whose tests stay valid ' +
  'however often they are run.';

/**
 * Compares every metric of `candidate` against `baseline`, from sufficient statistics only, and
 * decides on the primary metric and the guardrails (decideComparison):
 * - the primary is tested on its own at alpha (chosen in advance, it needs no correction), its
 *   interval at 1 − alpha;
 * - the other metrics' p-values are corrected together (Holm by default), each interval at the
 *   level its Holm step tested it at (familyLevels), so the interval excludes 0 when the verdict
 *   says better or worse (for rates, up to the gap between prop.test's pooled test and its
 *   unpooled interval);
 * - each guardrail's worsening is set against its margin with a (1 − 2·alpha) interval: a
 *   one-sided level-alpha test each way.
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
  const { alpha } = settings;
  const adjustment = options.adjustment ?? 'holm';
  const policy = parseRolloutPolicy({
    ...(options.primary !== undefined ? { primary: options.primary } : {}),
    ...(options.guardrails !== undefined ? { guardrails: options.guardrails } : {}),
  });
  const definitions = options.metrics ?? [
    ...METRICS,
    ...gradeMetrics([...(baseline.gradeMetrics ?? []), ...(candidate.gradeMetrics ?? [])]),
  ];
  const byKey = new Map(definitions.map((definition) => [definition.key, definition]));
  const unknown = [
    { field: 'primary', metric: policy.primary },
    ...policy.guardrails.map((g, i) => ({ field: `guardrails[${i}].metric`, metric: g.metric })),
  ].filter(({ metric }) => !byKey.has(metric));
  if (unknown.length > 0) {
    const known = METRICS.map((metric) => metric.key).join(', ');
    throw new ValidationError(
      unknown.map(({ field, metric }) => ({ field, rule: `"${metric}" is not a metric compare reports (one of ${known})` })),
      'option',
    );
  }
  const guardrailOf = new Map(policy.guardrails.map((g) => [g.metric, g]));
  const metrics = definitions.map((definition) => {
    const metric = compareMetric(definition, baseline, candidate, settings);
    metric.role = definition.key === policy.primary ? 'primary' : guardrailOf.has(definition.key) ? 'guardrail' : 'secondary';
    return metric;
  });
  const judge = (metric: MetricComparison, level: number) => {
    const significant = (metric.adjustedPValue as number) < alpha && metric.difference !== null && metric.difference !== 0;
    const improved = (metric.difference ?? 0) > 0 === (metric.better === 'higher');
    metric.verdict = significant ? (improved ? 'better' : 'worse') : 'no detectable change';
    metric.intervalLevel = 1 - level;
    metric.interval = differenceInterval(byKey.get(metric.metric) as MetricDefinition, baseline, candidate, 1 - level);
  };
  for (const metric of metrics.filter((m) => m.role === 'primary' && m.pValue !== null)) {
    metric.adjustedPValue = metric.pValue;
    judge(metric, alpha);
  }
  const family = metrics.filter((metric) => metric.role !== 'primary' && metric.pValue !== null);
  const pValues = family.map((metric) => metric.pValue as number);
  const adjusted = adjustPValues(pValues, adjustment);
  const levels = familyLevels(pValues, adjusted, alpha, adjustment);
  family.forEach((metric, index) => {
    metric.adjustedPValue = adjusted[index] as number;
    judge(metric, levels[index] as number);
  });
  for (const metric of metrics.filter((m) => m.role === 'guardrail')) {
    judgeMargin(
      metric,
      guardrailOf.get(metric.metric) as Guardrail,
      byKey.get(metric.metric) as MetricDefinition,
      baseline,
      candidate,
      settings,
    );
  }
  return {
    baseline,
    candidate,
    metrics,
    ...decideComparison(metrics),
    primary: policy.primary,
    guardrails: policy.guardrails,
    adjustment,
    alpha,
    confidence: settings.confidence,
    caveat: TIME_CAVEAT,
    singleLook: SINGLE_LOOK,
  };
}

/** A guardrail's worsening beyond its margin, from a (1 − 2·alpha) interval, signed so that positive is worse. */
function judgeMargin(
  metric: MetricComparison,
  guardrail: Guardrail,
  definition: MetricDefinition,
  baseline: VersionStats,
  candidate: VersionStats,
  settings: CompareOptions,
): void {
  const worse = metric.better === 'lower' ? 1 : -1;
  const absolute = guardrail.relative ? guardrail.margin * Math.abs(metric.baseline.value ?? 0) : guardrail.margin;
  metric.margin = { ...guardrail, absolute };
  const enough = metric.baseline.n >= settings.minRuns && metric.candidate.n >= settings.minRuns;
  // Relative: candidate − (1 ± m)·baseline, so the baseline's noise is in the interval too.
  const scale = guardrail.relative ? 1 + worse * guardrail.margin : 1;
  const interval = enough ? differenceInterval(definition, baseline, candidate, 1 - 2 * settings.alpha, scale) : null;
  if (interval === null) {
    metric.marginVerdict = 'not enough data';
    return;
  }
  const shift = guardrail.relative ? 0 : guardrail.margin;
  const [lo, hi] = worse === 1 ? [interval[0] - shift, interval[1] - shift] : [-interval[1] - shift, -interval[0] - shift];
  metric.marginInterval = [lo, hi];
  metric.marginVerdict = lo > 0 ? 'beyond margin' : hi < 0 ? 'within margin' : 'unclear';
}
