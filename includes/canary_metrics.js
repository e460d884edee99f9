// Generated from src/watch/canary-metrics.ts by `npm run generate`; do not edit by hand
// (test/unit/store/generated-files.test.ts fails when this file is stale).
// What canary_units sums per unit, what canary_stratum_metrics sums per entry state and arm,
// and the metrics watch decides on (numerator and denominator columns of a unit).
const unitColumns = [
  {"column":"n_runs","sql":"COUNT(*)","description":"Runs."},
  {"column":"n_succeeded","sql":"COUNTIF(runs.is_succeeded)","description":"Runs with status 'succeeded'."},
  {"column":"n_resolved","sql":"COUNTIF(runs.is_resolved)","description":"Runs with resolution 'resolved'."},
  {"column":"n_first_response_resolved","sql":"COUNTIF(runs.is_first_response_resolved)","description":"Runs resolved by the first response."},
  {"column":"n_errors","sql":"COUNTIF(runs.is_error)","description":"Runs that ended in an error (status 'failed' or 'timed_out')."},
  {"column":"n_graded","sql":"COUNT(runs.is_passed)","description":"Runs with a pass/fail verdict."},
  {"column":"n_passed","sql":"COUNTIF(runs.is_passed)","description":"Runs that passed."},
  {"column":"n_grade_score","sql":"COUNT(runs.grade_score)","description":"Runs with a grade_score."},
  {"column":"sum_grade_score","sql":"COALESCE(SUM(runs.grade_score), 0)","description":"Sum of grade_score (bounded: not capped)."},
  {"column":"n_cost_usd","sql":"COUNT(runs.cost_usd)","description":"Runs with a cost_usd."},
  {"column":"sum_cost_usd","sql":"COALESCE(SUM(LEAST(CAST(runs.cost_usd AS FLOAT64), states.cap_cost_usd)), 0)","description":"Sum of cost_usd, each run's capped at the canary's pooled p99 (cap_cost_usd)."},
  {"column":"n_latency_ms","sql":"COUNT(runs.latency_ms)","description":"Runs with a latency_ms."},
  {"column":"sum_latency_ms","sql":"COALESCE(SUM(LEAST(CAST(runs.latency_ms AS FLOAT64), states.cap_latency_ms)), 0)","description":"Sum of latency_ms, each run's capped at the canary's pooled p99 (cap_latency_ms)."},
  {"column":"n_total_tokens","sql":"COUNT(runs.total_tokens)","description":"Runs with a total_tokens."},
  {"column":"sum_total_tokens","sql":"COALESCE(SUM(LEAST(CAST(runs.total_tokens AS FLOAT64), states.cap_total_tokens)), 0)","description":"Sum of total_tokens, each run's capped at the canary's pooled p99 (cap_total_tokens)."},
];

const stratumSums = [
  {"column":"sum_n_runs","sql":"SUM(units.n_runs)","description":"Σ over units of n_runs."},
  {"column":"sum_sq_n_runs","sql":"SUM(CAST(units.n_runs AS FLOAT64) * units.n_runs)","description":"Σ over units of n_runs²."},
  {"column":"sum_n_succeeded","sql":"SUM(units.n_succeeded)","description":"Σ over units of n_succeeded."},
  {"column":"sum_sq_n_succeeded","sql":"SUM(CAST(units.n_succeeded AS FLOAT64) * units.n_succeeded)","description":"Σ over units of n_succeeded²."},
  {"column":"sum_n_resolved","sql":"SUM(units.n_resolved)","description":"Σ over units of n_resolved."},
  {"column":"sum_sq_n_resolved","sql":"SUM(CAST(units.n_resolved AS FLOAT64) * units.n_resolved)","description":"Σ over units of n_resolved²."},
  {"column":"sum_n_first_response_resolved","sql":"SUM(units.n_first_response_resolved)","description":"Σ over units of n_first_response_resolved."},
  {"column":"sum_sq_n_first_response_resolved","sql":"SUM(CAST(units.n_first_response_resolved AS FLOAT64) * units.n_first_response_resolved)","description":"Σ over units of n_first_response_resolved²."},
  {"column":"sum_n_errors","sql":"SUM(units.n_errors)","description":"Σ over units of n_errors."},
  {"column":"sum_sq_n_errors","sql":"SUM(CAST(units.n_errors AS FLOAT64) * units.n_errors)","description":"Σ over units of n_errors²."},
  {"column":"sum_n_graded","sql":"SUM(units.n_graded)","description":"Σ over units of n_graded."},
  {"column":"sum_sq_n_graded","sql":"SUM(CAST(units.n_graded AS FLOAT64) * units.n_graded)","description":"Σ over units of n_graded²."},
  {"column":"sum_n_passed","sql":"SUM(units.n_passed)","description":"Σ over units of n_passed."},
  {"column":"sum_sq_n_passed","sql":"SUM(CAST(units.n_passed AS FLOAT64) * units.n_passed)","description":"Σ over units of n_passed²."},
  {"column":"sum_n_grade_score","sql":"SUM(units.n_grade_score)","description":"Σ over units of n_grade_score."},
  {"column":"sum_sq_n_grade_score","sql":"SUM(CAST(units.n_grade_score AS FLOAT64) * units.n_grade_score)","description":"Σ over units of n_grade_score²."},
  {"column":"sum_sum_grade_score","sql":"SUM(units.sum_grade_score)","description":"Σ over units of sum_grade_score."},
  {"column":"sum_sq_sum_grade_score","sql":"SUM(CAST(units.sum_grade_score AS FLOAT64) * units.sum_grade_score)","description":"Σ over units of sum_grade_score²."},
  {"column":"sum_n_cost_usd","sql":"SUM(units.n_cost_usd)","description":"Σ over units of n_cost_usd."},
  {"column":"sum_sq_n_cost_usd","sql":"SUM(CAST(units.n_cost_usd AS FLOAT64) * units.n_cost_usd)","description":"Σ over units of n_cost_usd²."},
  {"column":"sum_sum_cost_usd","sql":"SUM(units.sum_cost_usd)","description":"Σ over units of sum_cost_usd."},
  {"column":"sum_sq_sum_cost_usd","sql":"SUM(CAST(units.sum_cost_usd AS FLOAT64) * units.sum_cost_usd)","description":"Σ over units of sum_cost_usd²."},
  {"column":"sum_n_latency_ms","sql":"SUM(units.n_latency_ms)","description":"Σ over units of n_latency_ms."},
  {"column":"sum_sq_n_latency_ms","sql":"SUM(CAST(units.n_latency_ms AS FLOAT64) * units.n_latency_ms)","description":"Σ over units of n_latency_ms²."},
  {"column":"sum_sum_latency_ms","sql":"SUM(units.sum_latency_ms)","description":"Σ over units of sum_latency_ms."},
  {"column":"sum_sq_sum_latency_ms","sql":"SUM(CAST(units.sum_latency_ms AS FLOAT64) * units.sum_latency_ms)","description":"Σ over units of sum_latency_ms²."},
  {"column":"sum_n_total_tokens","sql":"SUM(units.n_total_tokens)","description":"Σ over units of n_total_tokens."},
  {"column":"sum_sq_n_total_tokens","sql":"SUM(CAST(units.n_total_tokens AS FLOAT64) * units.n_total_tokens)","description":"Σ over units of n_total_tokens²."},
  {"column":"sum_sum_total_tokens","sql":"SUM(units.sum_total_tokens)","description":"Σ over units of sum_total_tokens."},
  {"column":"sum_sq_sum_total_tokens","sql":"SUM(CAST(units.sum_total_tokens AS FLOAT64) * units.sum_total_tokens)","description":"Σ over units of sum_total_tokens²."},
  {"column":"sum_n_resolved_x_n_runs","sql":"SUM(CAST(units.n_resolved AS FLOAT64) * units.n_runs)","description":"Σ over units of n_resolved × n_runs."},
  {"column":"sum_n_first_response_resolved_x_n_runs","sql":"SUM(CAST(units.n_first_response_resolved AS FLOAT64) * units.n_runs)","description":"Σ over units of n_first_response_resolved × n_runs."},
  {"column":"sum_n_succeeded_x_n_runs","sql":"SUM(CAST(units.n_succeeded AS FLOAT64) * units.n_runs)","description":"Σ over units of n_succeeded × n_runs."},
  {"column":"sum_n_errors_x_n_runs","sql":"SUM(CAST(units.n_errors AS FLOAT64) * units.n_runs)","description":"Σ over units of n_errors × n_runs."},
  {"column":"sum_n_passed_x_n_graded","sql":"SUM(CAST(units.n_passed AS FLOAT64) * units.n_graded)","description":"Σ over units of n_passed × n_graded."},
  {"column":"sum_sum_grade_score_x_n_grade_score","sql":"SUM(CAST(units.sum_grade_score AS FLOAT64) * units.n_grade_score)","description":"Σ over units of sum_grade_score × n_grade_score."},
  {"column":"sum_sum_cost_usd_x_n_cost_usd","sql":"SUM(CAST(units.sum_cost_usd AS FLOAT64) * units.n_cost_usd)","description":"Σ over units of sum_cost_usd × n_cost_usd."},
  {"column":"sum_sum_latency_ms_x_n_latency_ms","sql":"SUM(CAST(units.sum_latency_ms AS FLOAT64) * units.n_latency_ms)","description":"Σ over units of sum_latency_ms × n_latency_ms."},
  {"column":"sum_sum_total_tokens_x_n_total_tokens","sql":"SUM(CAST(units.sum_total_tokens AS FLOAT64) * units.n_total_tokens)","description":"Σ over units of sum_total_tokens × n_total_tokens."},
];

const metrics = [
  {"metric":"resolution_rate","kind":"rate","num":"n_resolved","den":"n_runs"},
  {"metric":"first_response_resolution_rate","kind":"rate","num":"n_first_response_resolved","den":"n_runs"},
  {"metric":"success_rate","kind":"rate","num":"n_succeeded","den":"n_runs"},
  {"metric":"error_rate","kind":"rate","num":"n_errors","den":"n_runs"},
  {"metric":"pass_rate","kind":"rate","num":"n_passed","den":"n_graded"},
  {"metric":"grade_score","kind":"mean","num":"sum_grade_score","den":"n_grade_score"},
  {"metric":"cost_usd","kind":"mean","num":"sum_cost_usd","den":"n_cost_usd"},
  {"metric":"latency_ms","kind":"mean","num":"sum_latency_ms","den":"n_latency_ms"},
  {"metric":"total_tokens","kind":"mean","num":"sum_total_tokens","den":"n_total_tokens"},
];

const capped = ["cost_usd","latency_ms","total_tokens"];

module.exports = { unitColumns, stratumSums, metrics, capped };
