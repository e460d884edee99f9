/**
 * The run-level metrics a comparison reports, read from the per-version sufficient statistics of
 * the version_daily_metrics mart. A rate is successes out of trials; a mean is n, Σx and Σx².
 * Grades are not here: each grade metric is compared on its own (gradeMetrics), since a run-level
 * "every graded metric passed" falls as more metrics are graded.
 */
export type MetricKind = 'rate' | 'mean';

export interface MetricDefinition {
  key: string;
  label: string;
  kind: MetricKind;
  /** Which direction is an improvement. */
  better: 'higher' | 'lower';
  /** For display, e.g. 'USD', 'ms'. */
  unit: string;
  /** A rate: the mart columns of successes and trials. A mean: the columns of n, Σx and Σx². */
  columns: { successes: string; trials: string } | { n: string; sum: string; sumSquares: string };
  /**
   * The change worth detecting, for the power column: absolute for a rate (0.05 = 5 points),
   * relative to the baseline for a mean (0.1 = 10%).
   */
  minimumEffect: number;
}

export const METRICS: readonly MetricDefinition[] = [
  {
    key: 'resolution_rate',
    label: 'resolution rate',
    kind: 'rate',
    better: 'higher',
    unit: '',
    columns: { successes: 'n_resolved', trials: 'n_runs' },
    minimumEffect: 0.05,
  },
  {
    key: 'first_response_resolution_rate',
    label: 'first-response resolution',
    kind: 'rate',
    better: 'higher',
    unit: '',
    columns: { successes: 'n_first_response_resolved', trials: 'n_runs' },
    minimumEffect: 0.05,
  },
  {
    key: 'success_rate',
    label: 'success rate',
    kind: 'rate',
    better: 'higher',
    unit: '',
    columns: { successes: 'n_succeeded', trials: 'n_runs' },
    minimumEffect: 0.05,
  },
  {
    key: 'error_rate',
    label: 'error rate',
    kind: 'rate',
    better: 'lower',
    unit: '',
    columns: { successes: 'n_errors', trials: 'n_runs' },
    minimumEffect: 0.02,
  },
  {
    key: 'cost_usd',
    label: 'cost per run',
    kind: 'mean',
    better: 'lower',
    unit: 'USD',
    columns: { n: 'n_cost_usd', sum: 'sum_cost_usd', sumSquares: 'sum_sq_cost_usd' },
    minimumEffect: 0.1,
  },
  {
    key: 'latency_ms',
    label: 'latency',
    kind: 'mean',
    better: 'lower',
    unit: 'ms',
    columns: { n: 'n_latency_ms', sum: 'sum_latency_ms', sumSquares: 'sum_sq_latency_ms' },
    minimumEffect: 0.1,
  },
  {
    key: 'total_tokens',
    label: 'tokens per run',
    kind: 'mean',
    better: 'lower',
    unit: 'tokens',
    columns: { n: 'n_total_tokens', sum: 'sum_total_tokens', sumSquares: 'sum_sq_total_tokens' },
    minimumEffect: 0.1,
  },
];

/** Every mart column the metrics read, summed per version by the report query. */
export const METRIC_COLUMNS: readonly string[] = [...new Set(METRICS.flatMap((metric) => Object.values(metric.columns)))];
