import type { ArmStatistics } from '../rollout/decide-rollout.js';

/** The summed columns of canary_arm_metrics for one arm (of one state or of a whole canary). */
export type ArmSums = Readonly<Record<(typeof SUMMED_COLUMNS)[number], number>>;

/** The columns of canary_arm_metrics that add up across days and states. */
export const SUMMED_COLUMNS = [
  'n_runs',
  'n_succeeded',
  'n_resolved',
  'n_first_response_resolved',
  'n_errors',
  'n_graded',
  'n_passed',
  'n_grade_score',
  'sum_grade_score',
  'sum_sq_grade_score',
  'n_cost_usd',
  'sum_cost_usd',
  'sum_sq_cost_usd',
  'n_latency_ms',
  'sum_latency_ms',
  'sum_sq_latency_ms',
  'n_total_tokens',
  'sum_total_tokens',
  'sum_sq_total_tokens',
] as const;

const rate = (successes: keyof ArmSums, trials: keyof ArmSums) => (sums: ArmSums) => ({
  successes: sums[successes],
  trials: sums[trials],
});
const mean = (column: 'grade_score' | 'cost_usd' | 'latency_ms' | 'total_tokens') => (sums: ArmSums) => ({
  n: sums[`n_${column}`],
  sum: sums[`sum_${column}`],
  sumSquares: sums[`sum_sq_${column}`],
});

/**
 * How each metric a rollout policy can name is read from canary_arm_metrics: a rate from two
 * counts, a mean from n, sum and sum of squares (cost, latency and tokens capped in SQL at the
 * canary's pooled p99). The keys are the metrics of METRIC_DIRECTIONS.
 */
export const CANARY_METRICS: Readonly<Record<string, (sums: ArmSums) => ArmStatistics>> = {
  resolution_rate: rate('n_resolved', 'n_runs'),
  first_response_resolution_rate: rate('n_first_response_resolved', 'n_runs'),
  success_rate: rate('n_succeeded', 'n_runs'),
  error_rate: rate('n_errors', 'n_runs'),
  pass_rate: rate('n_passed', 'n_graded'),
  grade_score: mean('grade_score'),
  cost_usd: mean('cost_usd'),
  latency_ms: mean('latency_ms'),
  total_tokens: mean('total_tokens'),
};
