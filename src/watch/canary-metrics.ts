/**
 * A unit's own totals over its runs in a canary: the numerators and denominators of the metrics
 * watch decides on, each with the SQL that computes it over the unit's runs in canary_units
 * (`runs` is run_facts, `states` canary_states; cost, latency and tokens capped at the canary's
 * pooled p99). Generated into includes/canary_metrics.js, so the marts and watch read one list.
 */
export const UNIT_COLUMNS = [
  { column: 'n_runs', sql: 'COUNT(*)', description: 'Runs.' },
  { column: 'n_succeeded', sql: 'COUNTIF(runs.is_succeeded)', description: "Runs with status 'succeeded'." },
  { column: 'n_resolved', sql: 'COUNTIF(runs.is_resolved)', description: "Runs with resolution 'resolved'." },
  {
    column: 'n_first_response_resolved',
    sql: 'COUNTIF(runs.is_first_response_resolved)',
    description: 'Runs resolved by the first response.',
  },
  { column: 'n_errors', sql: 'COUNTIF(runs.is_error)', description: "Runs that ended in an error (status 'failed' or 'timed_out')." },
  { column: 'n_graded', sql: 'COUNT(runs.is_passed)', description: 'Runs with a pass/fail verdict.' },
  { column: 'n_passed', sql: 'COUNTIF(runs.is_passed)', description: 'Runs that passed.' },
  { column: 'n_grade_score', sql: 'COUNT(runs.grade_score)', description: 'Runs with a grade_score.' },
  { column: 'sum_grade_score', sql: 'COALESCE(SUM(runs.grade_score), 0)', description: 'Sum of grade_score (bounded: not capped).' },
  ...(['cost_usd', 'latency_ms', 'total_tokens'] as const).flatMap((measure) => [
    { column: `n_${measure}`, sql: `COUNT(runs.${measure})`, description: `Runs with a ${measure}.` },
    {
      column: `sum_${measure}`,
      sql: `COALESCE(SUM(LEAST(CAST(runs.${measure} AS FLOAT64), states.cap_${measure})), 0)`,
      description: `Sum of ${measure}, each run's capped at the canary's pooled p99 (cap_${measure}).`,
    },
  ]),
] as const;

/** A column of UNIT_COLUMNS. */
export type UnitColumn = (typeof UNIT_COLUMNS)[number]['column'];

/** The measures capped at the canary's pooled p99 (canary_states computes the caps). */
export const CAPPED_MEASURES = ['cost_usd', 'latency_ms', 'total_tokens'] as const;

/**
 * Every metric a rollout policy can name, as a ratio of two unit columns summed over units:
 * a rate of runs (resolved runs over runs), or a mean over the runs that have the value (capped
 * cost over runs with a cost). The keys are the metrics of METRIC_DIRECTIONS.
 */
export const CANARY_METRICS: Readonly<Record<string, { kind: 'rate' | 'mean'; num: UnitColumn; den: UnitColumn }>> = {
  resolution_rate: { kind: 'rate', num: 'n_resolved', den: 'n_runs' },
  first_response_resolution_rate: { kind: 'rate', num: 'n_first_response_resolved', den: 'n_runs' },
  success_rate: { kind: 'rate', num: 'n_succeeded', den: 'n_runs' },
  error_rate: { kind: 'rate', num: 'n_errors', den: 'n_runs' },
  pass_rate: { kind: 'rate', num: 'n_passed', den: 'n_graded' },
  grade_score: { kind: 'mean', num: 'sum_grade_score', den: 'n_grade_score' },
  cost_usd: { kind: 'mean', num: 'sum_cost_usd', den: 'n_cost_usd' },
  latency_ms: { kind: 'mean', num: 'sum_latency_ms', den: 'n_latency_ms' },
  total_tokens: { kind: 'mean', num: 'sum_total_tokens', den: 'n_total_tokens' },
};

/**
 * The columns of canary_stratum_metrics: per unit column c, Σc and Σc² over units, and per
 * metric the cross-product Σnum·den; every name derived here, so SQL and reader agree.
 */
export const stratumColumns = {
  sum: (column: UnitColumn) => `sum_${column}`,
  sumSquares: (column: UnitColumn) => `sum_sq_${column}`,
  crossProduct: (num: UnitColumn, den: UnitColumn) => `sum_${num}_x_${den}`,
};

/** Every summed column of canary_stratum_metrics, with the SQL over canary_units that computes it. */
export function stratumSums(): { column: string; sql: string; description: string }[] {
  const single = UNIT_COLUMNS.flatMap(({ column }) => [
    { column: stratumColumns.sum(column), sql: `SUM(units.${column})`, description: `Σ over units of ${column}.` },
    {
      column: stratumColumns.sumSquares(column),
      sql: `SUM(CAST(units.${column} AS FLOAT64) * units.${column})`,
      description: `Σ over units of ${column}².`,
    },
  ]);
  const pairs = new Map<string, { column: string; sql: string; description: string }>();
  for (const { num, den } of Object.values(CANARY_METRICS)) {
    const column = stratumColumns.crossProduct(num, den);
    pairs.set(column, {
      column,
      sql: `SUM(CAST(units.${num} AS FLOAT64) * units.${den})`,
      description: `Σ over units of ${num} × ${den}.`,
    });
  }
  return [...single, ...pairs.values()];
}
