-- llm_calls: one row per model call made during a task execution.
CREATE TABLE IF NOT EXISTS {{dataset}}.llm_calls (
  -- ids
  call_id STRING NOT NULL,
  execution_id STRING NOT NULL,
  agent_id STRING NOT NULL,
  agent_version_id STRING NOT NULL,
  -- call
  model STRING,
  status STRING NOT NULL,                -- ok | error
  error_class STRING,
  -- measures
  input_tokens INT64,
  output_tokens INT64,
  cost_usd FLOAT64,
  latency_ms FLOAT64,
  -- timestamps
  started_at TIMESTAMP NOT NULL,
  recorded_at TIMESTAMP NOT NULL,
  -- the rest
  attributes JSON
)
PARTITION BY DATE(started_at)
CLUSTER BY agent_id, agent_version_id
OPTIONS (description = 'agentver: one row per LLM call, tagged with agent_version_id');
