// The marts as they were built before issue 10, kept only to prove the rewrite changed no value:
// run_facts joined executions to their calls' and grades' aggregates by execution_id (LEFT JOIN),
// which the emulator runs as a nested loop. dataform.test.ts runs this beside the new models on
// the same staging views and compares every column of every row. Not used anywhere else.

/** The old run_facts query, reading the staging views of the `{{dataset}}` it runs in. */
export const JOINED_RUN_FACTS = `
WITH executions AS (
  SELECT *
  FROM {{dataset}}.stg_task_executions
),

calls AS (
  SELECT
    execution_id,
    COUNT(*) AS n_llm_calls,
    COUNTIF(status = 'error') AS n_llm_errors,
    SUM(cost_usd) AS llm_cost_usd,
    SUM(input_tokens) AS llm_input_tokens,
    SUM(output_tokens) AS llm_output_tokens,
    SUM(latency_ms) AS llm_latency_ms,
    MAX(recorded_at) AS last_recorded_at
  FROM {{dataset}}.stg_llm_calls
  GROUP BY execution_id
),

ranked_grades AS (
  SELECT
    *,
    -- 1 = the metric's effective grade: the latest human grade, else the latest of any grader
    ROW_NUMBER() OVER (
      PARTITION BY execution_id, metric
      ORDER BY IF(grader_type = 'human', 0, 1), graded_at DESC, recorded_at DESC, grade_id DESC
    ) AS rank_in_metric
  FROM {{dataset}}.stg_outcome_grades
),

grades AS (
  SELECT
    execution_id,
    COUNT(*) AS n_grades,
    COUNTIF(rank_in_metric = 1) AS n_graded_metrics,
    AVG(IF(rank_in_metric = 1, score, NULL)) AS grade_score,
    LOGICAL_AND(IF(rank_in_metric = 1, passed, NULL)) AS is_passed,
    MAX(graded_at) AS last_graded_at,
    MAX(recorded_at) AS last_recorded_at
  FROM ranked_grades
  GROUP BY execution_id
)

SELECT
  -- ids
  executions.execution_id,
  executions.agent_id,
  executions.agent_version_id,
  executions.agent_version,
  executions.task_type,
  -- outcome
  executions.status,
  executions.resolution,
  executions.error_class,
  executions.status = 'succeeded' AS is_succeeded,
  COALESCE(executions.resolution = 'resolved', FALSE) AS is_resolved,
  COALESCE(executions.is_first_response_resolution, FALSE) AS is_first_response_resolved,
  executions.status IN ('failed', 'timed_out') AS is_error,
  -- measures
  executions.cost_usd,
  executions.input_tokens,
  executions.output_tokens,
  IF(
    executions.input_tokens IS NULL AND executions.output_tokens IS NULL,
    NULL,
    COALESCE(executions.input_tokens, 0) + COALESCE(executions.output_tokens, 0)
  ) AS total_tokens,
  executions.latency_ms,
  -- LLM calls
  COALESCE(calls.n_llm_calls, 0) AS n_llm_calls,
  COALESCE(calls.n_llm_errors, 0) AS n_llm_errors,
  COALESCE(calls.llm_cost_usd, 0) AS llm_cost_usd,
  COALESCE(calls.llm_input_tokens, 0) AS llm_input_tokens,
  COALESCE(calls.llm_output_tokens, 0) AS llm_output_tokens,
  COALESCE(calls.llm_latency_ms, 0) AS llm_latency_ms,
  -- grades
  COALESCE(grades.n_grades, 0) AS n_grades,
  COALESCE(grades.n_graded_metrics, 0) AS n_graded_metrics,
  grades.grade_score,
  grades.is_passed,
  -- timestamps
  executions.started_at,
  DATE(executions.started_at) AS started_date,
  executions.ended_at,
  grades.last_graded_at,
  GREATEST(
    executions.recorded_at,
    COALESCE(calls.last_recorded_at, executions.recorded_at),
    COALESCE(grades.last_recorded_at, executions.recorded_at)
  ) AS source_recorded_at,
  -- release assignment
  executions.release_label,
  executions.release_number,
  executions.arm,
  executions.assignment_unit
FROM executions
LEFT JOIN calls USING (execution_id)
LEFT JOIN grades USING (execution_id)`;

/** The old version_daily_metrics query (its full-refresh form), over a run_facts table of that dataset. */
export const joinedDailyMetrics = (runFacts: string) => `
SELECT
  -- ids
  agent_id,
  agent_version_id,
  ANY_VALUE(agent_version) AS agent_version,
  started_date AS run_date,
  -- outcomes
  COUNT(*) AS n_runs,
  COUNTIF(is_succeeded) AS n_succeeded,
  COUNTIF(is_resolved) AS n_resolved,
  COUNTIF(is_first_response_resolved) AS n_first_response_resolved,
  COUNTIF(is_error) AS n_errors,
  -- measures: n, sum, sum of squares
  COUNT(cost_usd) AS n_cost_usd,
  COALESCE(SUM(cost_usd), 0) AS sum_cost_usd,
  COALESCE(SUM(cost_usd * cost_usd), 0) AS sum_sq_cost_usd,
  COUNT(latency_ms) AS n_latency_ms,
  COALESCE(SUM(latency_ms), 0) AS sum_latency_ms,
  COALESCE(SUM(latency_ms * latency_ms), 0) AS sum_sq_latency_ms,
  COUNT(total_tokens) AS n_total_tokens,
  COALESCE(SUM(total_tokens), 0) AS sum_total_tokens,
  COALESCE(SUM(CAST(total_tokens AS FLOAT64) * total_tokens), 0) AS sum_sq_total_tokens,
  COUNT(grade_score) AS n_grade_score,
  COALESCE(SUM(grade_score), 0) AS sum_grade_score,
  COALESCE(SUM(grade_score * grade_score), 0) AS sum_sq_grade_score,
  -- verdicts
  COUNT(is_passed) AS n_graded,
  COUNTIF(is_passed) AS n_passed,
  -- LLM calls
  SUM(n_llm_calls) AS n_llm_calls,
  SUM(n_llm_errors) AS n_llm_errors,
  SUM(llm_cost_usd) AS sum_llm_cost_usd,
  -- timestamps
  MIN(started_at) AS first_run_at,
  MAX(started_at) AS last_run_at,
  MAX(source_recorded_at) AS source_recorded_at
FROM {{dataset}}.${runFacts} AS runs
GROUP BY agent_id, agent_version_id, started_date`;
