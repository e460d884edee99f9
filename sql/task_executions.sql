-- Generated from src/telemetry/telemetry-tables.ts by `npm run generate`; do not edit by hand.
-- task_executions: one row per run of an agent on a task (streamed; a row may repeat, staging de-duplicates by execution_id).
CREATE TABLE IF NOT EXISTS {{dataset}}.task_executions (
  -- ids
  execution_id STRING NOT NULL OPTIONS (description = 'The run: unique, the insertId of its row.'),
  agent_id STRING NOT NULL OPTIONS (description = 'The agent that ran.'),
  agent_version_id STRING NOT NULL OPTIONS (description = '\'<agent_id>@<version>\' from agent_configs: the config the run used.'),
  task_type STRING OPTIONS (description = 'A team\'s own category, e.g. \'billing_question\'.'),
  -- outcome
  status STRING NOT NULL OPTIONS (description = 'succeeded | failed | timed_out | cancelled.'),
  resolution STRING OPTIONS (description = 'resolved | escalated | unresolved | abandoned.'),
  is_first_response_resolution BOOL OPTIONS (description = 'Resolved by the first response, with no follow-up.'),
  error_class STRING OPTIONS (description = 'For failed runs, e.g. \'tool_error\', \'rate_limit\'.'),
  -- measures
  cost_usd FLOAT64 OPTIONS (description = 'What the run cost, in US dollars.'),
  input_tokens INT64 OPTIONS (description = 'Tokens sent to models during the run.'),
  output_tokens INT64 OPTIONS (description = 'Tokens models returned during the run.'),
  latency_ms FLOAT64 OPTIONS (description = 'Wall time of the run, in milliseconds.'),
  -- timestamps
  started_at TIMESTAMP NOT NULL OPTIONS (description = 'When the run started.'),
  ended_at TIMESTAMP OPTIONS (description = 'When the run ended.'),
  recorded_at TIMESTAMP NOT NULL OPTIONS (description = 'When agentver wrote the row: incremental models read by it.'),
  -- release assignment (from the resolver; NULL when the run was not resolved through a label)
  release_label STRING OPTIONS (description = 'The label resolved, e.g. \'production\'.'),
  release_number INT64 OPTIONS (description = 'The label\'s state (agent_releases.release_number) that routed the run.'),
  arm STRING OPTIONS (description = 'baseline | candidate in a canary; NULL in a release.'),
  assignment_unit STRING OPTIONS (description = 'The unit the resolver was given (a ticket, user, session): hashed to the arm in a canary, and the key of its history before one.'),
  -- the rest
  attributes JSON OPTIONS (description = 'A team\'s own fields, as a JSON object.')
)
PARTITION BY DATE(started_at)
CLUSTER BY agent_id, agent_version_id
OPTIONS (description = 'agentver: one row per agent run, tagged with agent_version_id');
