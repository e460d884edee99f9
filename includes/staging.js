// The staging SELECTs: rename, cast, and keep one row per id (streaming retries repeat rows; the
// latest recorded one wins). The stg_* views are these with no filter. An incremental run_facts
// calls them on the raw tables with its `execution_id IN (…)` filter, so the filter applies
// before the de-duplicating window rather than after it: a view's window reads every raw row,
// and the emulator does not push a filter through it. Filtering first keeps the same rows,
// because every repeat of a row carries the row's own execution_id.
const { number } = require('./agent_version');

// The latest recorded row per `key` of `source` that passes `where`.
function latest(source, key, where) {
  return `FROM ${source}
${where ?? ''}
QUALIFY ROW_NUMBER() OVER (PARTITION BY ${key} ORDER BY recorded_at DESC) = 1`;
}

function taskExecutions(source, where) {
  return `SELECT
  -- ids
  execution_id,
  agent_id,
  agent_version_id,
  ${number('agent_version_id')} AS agent_version,
  task_type,
  -- outcome
  status,
  resolution,
  is_first_response_resolution,
  error_class,
  -- numerics
  CAST(cost_usd AS FLOAT64) AS cost_usd,
  input_tokens,
  output_tokens,
  CAST(latency_ms AS FLOAT64) AS latency_ms,
  -- timestamps
  started_at,
  ended_at,
  recorded_at,
  -- release assignment
  release_label,
  release_number,
  arm,
  assignment_unit
${latest(source, 'execution_id', where)}`;
}

function llmCalls(source, where) {
  return `SELECT
  -- ids
  call_id,
  execution_id,
  agent_id,
  agent_version_id,
  ${number('agent_version_id')} AS agent_version,
  -- call
  model,
  status,
  error_class,
  -- numerics
  input_tokens,
  output_tokens,
  CAST(cost_usd AS FLOAT64) AS cost_usd,
  CAST(latency_ms AS FLOAT64) AS latency_ms,
  -- timestamps
  started_at,
  recorded_at
${latest(source, 'call_id', where)}`;
}

function outcomeGrades(source, where) {
  return `SELECT
  -- ids
  grade_id,
  execution_id,
  agent_id,
  agent_version_id,
  ${number('agent_version_id')} AS agent_version,
  -- grade
  grader_type,
  grader_id,
  metric,
  CAST(score AS FLOAT64) AS score,
  passed,
  comment,
  -- timestamps
  graded_at,
  recorded_at
${latest(source, 'grade_id', where)}`;
}

module.exports = { taskExecutions, llmCalls, outcomeGrades };
