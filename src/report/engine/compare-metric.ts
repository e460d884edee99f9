import type { Guardrail } from '../../rollout/rollout-policy.js';
import { powerTTest, proportionsTest, varianceFromSums, welchTTest, yatesSampleSize } from '../../stats/index.js';
import type { VersionStats } from '../sql/load-version-stats.js';
import type { MetricDefinition } from './metrics.js';

/** A metric's verdict; 'inconclusive' only overall (the primary is better, a guardrail not yet shown within its margin). */
export type Verdict = 'better' | 'worse' | 'no detectable change' | 'not enough data' | 'inconclusive';

/** What a metric does in the overall verdict: decides it, may veto it, or is only reported. */
export type MetricRole = 'primary' | 'guardrail' | 'secondary';

/** A guardrail's margin against its interval: shown worse by more than the margin, by less, or neither yet. */
export type MarginVerdict = 'within margin' | 'beyond margin' | 'unclear' | 'not enough data';

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
  /** The version's runs, of which `n` count for this metric. */
  runs: number;
  /** n out of the version's runs (graded runs for a grade metric); null without runs. */
  coverage: number | null;
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
  /** Of candidate − baseline at the --confidence level, unadjusted: R's prop.test interval (Yates) for rates, Welch's for means. */
  confidenceInterval: [number, number] | null;
  pValue: number | null;
  /** The primary: its own p (tested alone); the others: after the correction across them (Holm by default). */
  adjustedPValue: number | null;
  /** Better, worse or neither by the adjusted p-value (the primary's own) against alpha. */
  verdict: Verdict;
  role: MetricRole;
  /** The interval shown beside the verdict: at 1 − the level the metric's verdict was tested at (intervalLevel). */
  interval: [number, number] | null;
  /** Confidence of `interval`: 1 − alpha for the primary, 1 − its Holm step's level (familyLevels) for the others. */
  intervalLevel: number | null;
  /** Guardrails: the tolerated worsening (absolute: in the metric's units, margin × |baseline| when relative). */
  margin: (Guardrail & { absolute: number }) | null;
  /**
   * Guardrails: the (1 − 2·alpha) interval of the worsening beyond the margin, in the metric's
   * units: candidate − baseline − margin, or candidate − (1 ± m)·baseline when relative, signed
   * so that positive is worse; above 0 is beyond the margin, below 0 within it.
   */
  marginInterval: [number, number] | null;
  marginVerdict: MarginVerdict | null;
  /** The change the power column is about: absolute for rates, in the metric's unit for means. */
  minimumEffect: number;
  /**
   * Runs per version for the configured power to detect minimumEffect at alpha: Fleiss–Tytun–Ury
   * (the Yates-corrected test) for rates, power.t.test for means, divided by the coverage (a
   * metric graded on 30% of runs needs its graded runs from 1/0.3 as many runs). Null when it
   * cannot be computed.
   */
  runsNeededPerVersion: number | null;
  /** Observations (trials, or values of the mean) per version behind runsNeededPerVersion. */
  observationsNeededPerVersion: number | null;
  /** How many more runs the version short of it needs, at its coverage. */
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
    return {
      agentVersionId: stats.agentVersionId,
      n,
      value: n > 0 ? successes / n : null,
      sd: null,
      successes,
      runs: stats.nRuns,
      coverage: coverage(n, stats),
    };
  }
  const n = c[metric.columns.n] ?? 0;
  const sum = c[metric.columns.sum] ?? 0;
  const sumSquares = c[metric.columns.sumSquares] ?? 0;
  const mean = n > 0 ? sum / n : null;
  const variance = n > 1 ? varianceFromSums({ n, sum, sumSquares }) : null;
  return {
    agentVersionId: stats.agentVersionId,
    n,
    value: mean,
    sd: variance === null ? null : Math.sqrt(variance),
    successes: null,
    runs: stats.nRuns,
    coverage: coverage(n, stats),
  };
}

function coverage(n: number, stats: VersionStats): number | null {
  return stats.nRuns > 0 ? n / stats.nRuns : null;
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
      return { effect, n: Math.ceil(yatesSampleSize({ p1, p2, power: options.power, alpha: options.alpha }).n) };
    }
    const effect = (options.minimumEffect?.mean ?? metric.minimumEffect) * Math.abs(baseline.value ?? 0);
    const pooledSd = Math.sqrt(((baseline.sd ?? 0) ** 2 + (candidate.sd ?? 0) ** 2) / 2);
    if (!(effect > 0 && pooledSd > 0)) return { effect, n: null };
    return { effect, n: Math.ceil(powerTTest({ delta: effect, sd: pooledSd, power: options.power, alpha: options.alpha }).n) };
  } catch {
    return { effect: metric.minimumEffect, n: null };
  }
}

/** Observations needed → runs needed, at each version's coverage (a version without runs takes the other's). */
function runsAtCoverage(
  needed: number | null,
  baseline: MetricValue,
  candidate: MetricValue,
): Pick<MetricComparison, 'runsNeededPerVersion' | 'moreRunsNeeded'> {
  if (needed === null) return { runsNeededPerVersion: null, moreRunsNeeded: null };
  const positive = (value: MetricValue) => (value.coverage !== null && value.coverage > 0 ? value.coverage : null);
  const fallback = positive(baseline) ?? positive(candidate) ?? 1;
  const sides = [baseline, candidate].map((value) => ({ n: value.n, coverage: positive(value) ?? fallback }));
  return {
    runsNeededPerVersion: Math.ceil(needed / Math.min(...sides.map((side) => side.coverage))),
    moreRunsNeeded: Math.max(0, ...sides.map((side) => Math.ceil(Math.max(0, needed - side.n) / side.coverage))),
  };
}

/**
 * Compares one metric between two versions from their sufficient statistics: the difference,
 * its confidence interval and p-value (prop.test with Yates' correction for rates, Welch's t-test
 * for means), and the runs needed for 80% power. The verdict, role, shown interval and margins
 * are set with the other metrics (see compareVersions).
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
  const runs = runsAtCoverage(power.n, baseline, candidate);
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
    role: 'secondary',
    interval: null,
    intervalLevel: null,
    margin: null,
    marginInterval: null,
    marginVerdict: null,
    minimumEffect: power.effect,
    observationsNeededPerVersion: power.n,
    ...runs,
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
