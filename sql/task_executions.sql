-- task_executions: one row per run of an agent on a task (streamed; a row may repeat, staging de-duplicates by execution_id).
CREATE TABLE IF NOT EXISTS {{dataset}}.task_executions (
  -- ids
  execution_id STRING NOT NULL,
  agent_id STRING NOT NULL,
  agent_version_id STRING NOT NULL,      -- '<agent_id>@<version>' from agent_configs
  task_type STRING,                      -- a team's own category, e.g. 'billing_question'
  -- outcome
  status STRING NOT NULL,                -- succeeded | failed | timed_out | cancelled
  resolution STRING,                     -- resolved | escalated | unresolved | abandoned
  is_first_response_resolution BOOL,     -- resolved by the first response, with no follow-up
  error_class STRING,                    -- for failed runs, e.g. 'tool_error', 'rate_limit'
  -- measures
  cost_usd FLOAT64,
  input_tokens INT64,
  output_tokens INT64,
  latency_ms FLOAT64,
  -- timestamps
  started_at TIMESTAMP NOT NULL,
  ended_at TIMESTAMP,
  recorded_at TIMESTAMP NOT NULL,        -- when agentver wrote the row: incremental models read by it
  -- release assignment (from the resolver; NULL when the run was not resolved through a label)
  release_label STRING,                  -- the label resolved, e.g. 'production'
  release_number INT64,                  -- the label's state (agent_releases.release_number) that routed the run
  arm STRING,                            -- baseline | candidate in a canary; NULL in a release
  assignment_unit STRING,                -- the unit hashed to the arm (a ticket, user, session)
  -- the rest
  attributes JSON
)
PARTITION BY DATE(started_at)
CLUSTER BY agent_id, agent_version_id
OPTIONS (description = 'agentver: one row per agent run, tagged with agent_version_id');
