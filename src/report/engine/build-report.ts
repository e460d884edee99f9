import type { StatsQuery, VersionStats } from '../sql/load-version-stats.js';
import { type MetricValue, metricValue } from './compare-metric.js';
import { type CompareVersionsOptions, compareVersions, TIME_CAVEAT, type VersionComparison } from './compare-versions.js';
import { gradeMetrics } from './grade-metrics.js';
import { metricInterval } from './metric-interval.js';
import { METRICS } from './metrics.js';

export interface ReportMetricValue extends MetricValue {
  /** The version's own interval (Wilson for rates, t for means), for charts. */
  interval: [number, number] | null;
}

export interface ReportVersion {
  stats: VersionStats;
  values: Record<string, ReportMetricValue>;
}

export interface AgentReport {
  agentId: string;
  filters: Omit<StatsQuery, 'agentId'>;
  metrics: Array<{ key: string; label: string; kind: 'rate' | 'mean'; better: 'higher' | 'lower'; unit: string }>;
  versions: ReportVersion[];
  /** Each version against the one before it in the report. */
  comparisons: VersionComparison[];
  confidence: number;
  caveat: string;
}

/** Every version's metrics (run-level, and each grade metric any version has) with intervals, and each version against the previous one. */
export function buildReport(
  agentId: string,
  filters: Omit<StatsQuery, 'agentId'>,
  stats: VersionStats[],
  options: CompareVersionsOptions = {},
): AgentReport {
  const confidence = options.confidence ?? 0.95;
  const metrics = options.metrics ?? [...METRICS, ...gradeMetrics(stats.flatMap((version) => version.gradeMetrics ?? []))];
  const versions = stats.map((version) => ({
    stats: version,
    values: Object.fromEntries(
      metrics.map((metric) => {
        const value = metricValue(metric, version);
        return [metric.key, { ...value, interval: metricInterval(metric.kind, value, confidence) }];
      }),
    ),
  }));
  const comparisons = stats.slice(1).map((candidate, index) => compareVersions(stats[index] as VersionStats, candidate, options));
  return {
    agentId,
    filters,
    metrics: metrics.map(({ key, label, kind, better, unit }) => ({ key, label, kind, better, unit })),
    versions,
    comparisons,
    confidence,
    caveat: TIME_CAVEAT,
  };
}
