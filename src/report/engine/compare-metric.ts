import { powerProportions, powerTTest, proportionsTest, varianceFromSums, welchTTest } from '../../stats/index.js';
import type { VersionStats } from '../sql/load-version-stats.js';
import type { MetricDefinition } from './metrics.js';

export type Verdict = 'better' | 'worse' | 'no detectable change' | 'not enough data';

export interface MetricValue {
  agentVersionId: string;
  /** Runs (rates: trials) behind the value. */
  n: number;
  /** The rate, or the mean; null with no data. */
  value: number | null;
  /** Sample standard deviation (means only). */
  sd: number | null;
  /** Successes out of `n` trials (rates only): carried, so tests never rebuild counts from a rounded rate. */
  successes: number | null;
}

export interface MetricComparison {
  metric: string;
  label: string;
  kind: MetricDefinition['kind'];
  better: MetricDefinition['better'];
  unit: string;
  baseline: MetricValue;
  candidate: MetricValue;
  /** candidate − baseline. */
  difference: number | null;
  /** Of candidate − baseline: R's prop.test interval (Yates) for rates, Welch's for means. */
  confidenceInterval: [number, number] | null;
  pValue: number | null;
  /** After the correction across metrics (Holm by default). */
  adjustedPValue: number | null;
  verdict: Verdict;
  /** The change the power column is about: absolute for rates, in the metric's unit for means. */
  minimumEffect: number;
  /** Runs per version for 80% power to detect minimumEffect at alpha; null when it cannot be computed. */
  runsNeededPerVersion: number | null;
  /** How many more runs the smaller version needs to reach that. */
  moreRunsNeeded: number | null;
}

export interface CompareOptions {
  alpha: number;
  confidence: number;
  power: number;
  /** Below this many runs per version (or zero variance everywhere) there is no verdict. */
  minRuns: number;
  /**
   * The change the power column sizes for, overriding each metric's own: for rates an absolute
   * difference (0.03 = 3 points), for means a fraction of the baseline (0.05 = 5%).
   */
  minimumEffect?: { rate?: number; mean?: number };
}

/** A version's value of a metric: the rate, or the mean and standard deviation, from its sums. */
export function metricValue(metric: MetricDefinition, stats: VersionStats): MetricValue {
  const c = stats.columns;
  if ('successes' in metric.columns) {
    const n = c[metric.columns.trials] ?? 0;
    const successes = c[metric.columns.successes] ?? 0;
    return { agentVersionId: stats.agentVersionId, n, value: n > 0 ? successes / n : null, sd: null, successes };
  }
  const n = c[metric.columns.n] ?? 0;
  const sum = c[metric.columns.sum] ?? 0;
  const sumSquares = c[metric.columns.sumSquares] ?? 0;
  const mean = n > 0 ? sum / n : null;
  const variance = n > 1 ? varianceFromSums({ n, sum, sumSquares }) : null;
  return { agentVersionId: stats.agentVersionId, n, value: mean, sd: variance === null ? null : Math.sqrt(variance), successes: null };
}

function runsNeeded(
  metric: MetricDefinition,
  baseline: MetricValue,
  candidate: MetricValue,
  options: CompareOptions,
): { effect: number; n: number | null } {
  try {
    if (metric.kind === 'rate') {
      const p1 = baseline.value ?? 0;
      const effect = options.minimumEffect?.rate ?? metric.minimumEffect;
      // The change that matters is the harmful one; past 0 or 1, look the other way.
      const harmful = metric.better === 'higher' ? p1 - effect : p1 + effect;
      const p2 = harmful > 0 && harmful < 1 ? harmful : metric.better === 'higher' ? p1 + effect : p1 - effect;
      if (!(p1 > 0 && p1 < 1 && p2 > 0 && p2 < 1)) return { effect, n: null };
      return { effect, n: Math.ceil(powerProportions({ p1, p2, power: options.power, alpha: options.alpha }).n) };
    }
    const effect = (options.minimumEffect?.mean ?? metric.minimumEffect) * Math.abs(baseline.value ?? 0);
    const pooledSd = Math.sqrt(((baseline.sd ?? 0) ** 2 + (candidate.sd ?? 0) ** 2) / 2);
    if (!(effect > 0 && pooledSd > 0)) return { effect, n: null };
    return { effect, n: Math.ceil(powerTTest({ delta: effect, sd: pooledSd, power: options.power, alpha: options.alpha }).n) };
  } catch {
    return { effect: metric.minimumEffect, n: null };
  }
}

/**
 * Compares one metric between two versions from their sufficient statistics: the difference,
 * its confidence interval and p-value (prop.test with Yates' correction for rates, Welch's t-test
 * for means), and the runs needed for 80% power. The verdict is set after the correction across
 * metrics (see compareVersions).
 */
export function compareMetric(
  metric: MetricDefinition,
  baselineStats: VersionStats,
  candidateStats: VersionStats,
  options: CompareOptions,
): MetricComparison {
  const baseline = metricValue(metric, baselineStats);
  const candidate = metricValue(metric, candidateStats);
  const power = runsNeeded(metric, baseline, candidate, options);
  const result: MetricComparison = {
    metric: metric.key,
    label: metric.label,
    kind: metric.kind,
    better: metric.better,
    unit: metric.unit,
    baseline,
    candidate,
    difference: baseline.value === null || candidate.value === null ? null : candidate.value - baseline.value,
    confidenceInterval: null,
    pValue: null,
    adjustedPValue: null,
    verdict: 'not enough data',
    minimumEffect: power.effect,
    runsNeededPerVersion: power.n,
    moreRunsNeeded: power.n === null ? null : Math.max(0, power.n - Math.min(baseline.n, candidate.n)),
  };
  if (baseline.n < options.minRuns || candidate.n < options.minRuns || result.difference === null) return result;

  if ('successes' in metric.columns) {
    const successes = [candidate.successes as number, baseline.successes as number];
    const pooled = (successes[0] as number) + (successes[1] as number);
    // All successes or none in both: the rates are equal and prop.test is undefined.
    if (pooled === 0 || pooled === candidate.n + baseline.n) return { ...result, confidenceInterval: [0, 0], pValue: 1 };
    const test = proportionsTest(successes, [candidate.n, baseline.n], { correct: true, confidence: options.confidence });
    return { ...result, confidenceInterval: [...(test.confidenceInterval as [number, number])], pValue: test.pValue };
  }
  const c = metric.columns;
  const summary = (stats: VersionStats) => ({
    n: stats.columns[c.n] ?? 0,
    sum: stats.columns[c.sum] ?? 0,
    sumSquares: stats.columns[c.sumSquares] ?? 0,
  });
  if ((baseline.sd ?? 0) === 0 && (candidate.sd ?? 0) === 0) {
    // Constant values: the difference is exact.
    const d = result.difference;
    return { ...result, confidenceInterval: [d, d], pValue: d === 0 ? 1 : 0 };
  }
  const test = welchTTest(summary(candidateStats), summary(baselineStats), { confidence: options.confidence });
  return { ...result, confidenceInterval: [test.confidenceInterval[0], test.confidenceInterval[1]], pValue: test.pValue };
}
