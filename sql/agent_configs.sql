-- agent_configs: one row per version of an agent's configuration, append-only.
-- Key (agent_id, version), enforced by the write statement (sql/write_version.sql) and by the
-- Dataform assertions, since BigQuery does not enforce keys. Only is_latest is ever updated.
CREATE TABLE IF NOT EXISTS {{dataset}}.agent_configs (
  -- ids
  agent_id STRING NOT NULL,
  version INT64 NOT NULL,
  agent_version_id STRING NOT NULL,        -- '<agent_id>@<version>', carried by every telemetry row
  -- lineage
  is_latest BOOL NOT NULL,
  parent_version INT64,                    -- NULL for version 1
  rollback_from INT64,                     -- a rollback: the version it replaced
  rollback_to INT64,                       -- a rollback: the version whose config it copied
  -- config: metadata
  name STRING NOT NULL,
  description STRING NOT NULL,
  -- config: behavior
  system_prompt STRING NOT NULL,
  temperature FLOAT64,
  max_tokens INT64,
  top_p FLOAT64,
  -- config: capabilities
  model STRING NOT NULL,
  tools ARRAY<STRING>,
  mcp_servers ARRAY<STRUCT<name STRING, url STRING>>,
  -- config: guardrails
  budgets STRUCT<max_cost_usd_per_task FLOAT64, max_llm_calls_per_task INT64, max_tokens_per_task INT64>,
  policy_overrides JSON,
  -- config: fields a team adds
  extra JSON,
  -- provenance
  content_hash STRING NOT NULL,            -- sha256 of the canonical config JSON
  author STRING NOT NULL,                  -- the caller's claim (flag, env, git config)
  session_user STRING,                     -- SESSION_USER() as the server saw it
  change_message STRING NOT NULL,
  request_id STRING NOT NULL,              -- idempotency key of the write that made the row
  created_at TIMESTAMP NOT NULL
)
CLUSTER BY agent_id
OPTIONS (description = 'agentver: append-only versions of agent configurations');
