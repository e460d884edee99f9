import { PRE_PERIOD_DAYS } from '../rollout/rollout-policy.js';

/**
 * A unit's own totals over its runs in a canary: the numerators and denominators of the metrics
 * watch decides on, each as what one run adds to it (`run`, over `runs`, a row of run_facts, and
 * `caps`, the canary's pooled p99 of cost, latency and tokens from canary_states). canary_units
 * sums each over the unit's runs in the canary, and again as `pre_<column>` over its runs in the
 * PRE_PERIOD_DAYS before (its history, for CUPED). Generated into includes/canary_metrics.js, so
 * the marts and watch read one list.
 */
export const UNIT_COLUMNS = [
  { column: 'n_runs', type: 'INT64', run: '1', description: 'Runs.' },
  { column: 'n_succeeded', type: 'INT64', run: 'IF(runs.is_succeeded, 1, 0)', description: "Runs with status 'succeeded'." },
  { column: 'n_resolved', type: 'INT64', run: 'IF(runs.is_resolved, 1, 0)', description: "Runs with resolution 'resolved'." },
  {
    column: 'n_first_response_resolved',
    type: 'INT64',
    run: 'IF(runs.is_first_response_resolved, 1, 0)',
    description: 'Runs resolved by the first response.',
  },
  {
    column: 'n_errors',
    type: 'INT64',
    run: 'IF(runs.is_error, 1, 0)',
    description: "Runs that ended in an error (status 'failed' or 'timed_out').",
  },
  { column: 'n_graded', type: 'INT64', run: 'IF(runs.is_passed IS NULL, 0, 1)', description: 'Runs with a pass/fail verdict.' },
  { column: 'n_passed', type: 'INT64', run: 'IF(runs.is_passed, 1, 0)', description: 'Runs that passed.' },
  { column: 'n_grade_score', type: 'INT64', run: 'IF(runs.grade_score IS NULL, 0, 1)', description: 'Runs with a grade_score.' },
  {
    column: 'sum_grade_score',
    type: 'FLOAT64',
    run: 'COALESCE(CAST(runs.grade_score AS FLOAT64), 0)',
    description: 'Sum of grade_score (bounded: not capped).',
  },
  ...(['cost_usd', 'latency_ms', 'total_tokens'] as const).flatMap((measure) => [
    { column: `n_${measure}`, type: 'INT64' as const, run: `IF(runs.${measure} IS NULL, 0, 1)`, description: `Runs with a ${measure}.` },
    {
      column: `sum_${measure}`,
      type: 'FLOAT64' as const,
      run: `COALESCE(LEAST(CAST(runs.${measure} AS FLOAT64), caps.cap_${measure}), 0)`,
      description: `Sum of ${measure}, each run's capped at the canary's pooled p99 (cap_${measure}).`,
    },
  ]),
] as const;

/** A column of UNIT_COLUMNS. */
export type UnitColumn = (typeof UNIT_COLUMNS)[number]['column'];

/** The measures capped at the canary's pooled p99 (canary_states computes the caps). */
export const CAPPED_MEASURES = ['cost_usd', 'latency_ms', 'total_tokens'] as const;

/** A unit column over the unit's runs before the canary (its history). */
export const preColumn = (column: UnitColumn) => `pre_${column}` as const;

/** Days of history canary_units sums before each canary (the marts read it from the generated include). */
export { PRE_PERIOD_DAYS };

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
 * The columns of canary_stratum_metrics: per unit column c (and its history pre_c), Σc and Σc²
 * over units, and the cross-products Σa·b a metric needs; every name derived here, so SQL and
 * reader agree.
 */
export const stratumColumns = {
  sum: (column: string) => `sum_${column}`,
  sumSquares: (column: string) => `sum_sq_${column}`,
  crossProduct: (a: string, b: string) => `sum_${a}_x_${b}`,
};

/**
 * The cross-products a metric x/y with history u/v needs: x·y (the delta method), and u·v, x·u,
 * x·v, y·u, y·v (CUPED, see cupedMoments), as [a, b] column pairs.
 */
export function metricProducts(metric: { num: UnitColumn; den: UnitColumn }): [string, string][] {
  const { num, den } = metric;
  return [
    [num, den],
    [preColumn(num), preColumn(den)],
    [num, preColumn(num)],
    [num, preColumn(den)],
    [den, preColumn(num)],
    [den, preColumn(den)],
  ];
}

/**
 * Every summed column of canary_stratum_metrics, with the SQL over canary_units that computes it,
 * its type, and whether it reads the units' history (`history`: 0 for units without, so the mart
 * does not sum it for them).
 */
export function stratumSums(): { column: string; sql: string; type: 'INT64' | 'FLOAT64'; history: boolean; description: string }[] {
  const single = UNIT_COLUMNS.flatMap(({ column, type }) =>
    [column, preColumn(column)].flatMap((c) => [
      { column: stratumColumns.sum(c), sql: `SUM(units.${c})`, type, history: c !== column, description: `Σ over units of ${c}.` },
      {
        column: stratumColumns.sumSquares(c),
        sql: `SUM(CAST(units.${c} AS FLOAT64) * units.${c})`,
        type: 'FLOAT64' as const,
        history: c !== column,
        description: `Σ over units of ${c}².`,
      },
    ]),
  );
  const pairs = new Map<string, ReturnType<typeof stratumSums>[number]>();
  for (const metric of Object.values(CANARY_METRICS)) {
    for (const [a, b] of metricProducts(metric)) {
      const column = stratumColumns.crossProduct(a, b);
      pairs.set(column, {
        column,
        sql: `SUM(CAST(units.${a} AS FLOAT64) * units.${b})`,
        type: 'FLOAT64',
        history: b.startsWith('pre_'),
        description: `Σ over units of ${a} × ${b}.`,
      });
    }
  }
  return [...single, ...pairs.values()];
}
