-- Generated from src/telemetry/telemetry-tables.ts by `npm run generate`; do not edit by hand.
-- llm_calls: one row per model call made during a task execution.
CREATE TABLE IF NOT EXISTS {{dataset}}.llm_calls (
  -- ids
  call_id STRING NOT NULL OPTIONS (description = 'The call: unique, the insertId of its row.'),
  execution_id STRING NOT NULL OPTIONS (description = 'The run the call was made in.'),
  agent_id STRING NOT NULL OPTIONS (description = 'The agent that ran.'),
  agent_version_id STRING NOT NULL OPTIONS (description = '\'<agent_id>@<version>\' from agent_configs: the config the run used.'),
  -- call
  model STRING OPTIONS (description = 'The model called, e.g. \'gpt-4.1\'.'),
  status STRING NOT NULL OPTIONS (description = 'ok | error.'),
  error_class STRING OPTIONS (description = 'For failed calls, e.g. \'rate_limit\'.'),
  -- measures
  input_tokens INT64 OPTIONS (description = 'Tokens sent.'),
  output_tokens INT64 OPTIONS (description = 'Tokens returned.'),
  cost_usd FLOAT64 OPTIONS (description = 'What the call cost, in US dollars.'),
  latency_ms FLOAT64 OPTIONS (description = 'Wall time of the call, in milliseconds.'),
  -- timestamps
  started_at TIMESTAMP NOT NULL OPTIONS (description = 'When the call started.'),
  recorded_at TIMESTAMP NOT NULL OPTIONS (description = 'When agentver wrote the row: incremental models read by it.'),
  -- the rest
  attributes JSON OPTIONS (description = 'A team\'s own fields, as a JSON object.')
)
PARTITION BY DATE(started_at)
CLUSTER BY agent_id, agent_version_id
OPTIONS (description = 'agentver: one row per LLM call, tagged with agent_version_id');
