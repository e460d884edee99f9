-- Generated from src/config/agent-config.ts and src/store/agent-configs-table.ts by `npm run generate`; do not edit by hand.
-- agent_configs: append-only versions of agent configurations
CREATE TABLE IF NOT EXISTS {{dataset}}.agent_configs (
  agent_id STRING NOT NULL OPTIONS (description = 'The agent; \'\' on the lock row.'),
  version INT64 NOT NULL OPTIONS (description = '1..N per key without gaps; 0 on the lock row.'),
  agent_version_id STRING NOT NULL OPTIONS (description = '\'<agent_id>@<version>\', carried by every telemetry row.'),
  is_latest BOOL NOT NULL OPTIONS (description = 'TRUE on the key\'s highest number only; the only column ever updated.'),
  parent_version INT64 OPTIONS (description = 'The number this row was written over; NULL for 1.'),
  rollback_from INT64 OPTIONS (description = 'For a copy (a rollback): the number it replaced.'),
  rollback_to INT64 OPTIONS (description = 'For a copy (a rollback): the number whose payload it copied.'),
  name STRING NOT NULL OPTIONS (description = 'Display name.'),
  description STRING NOT NULL OPTIONS (description = 'What the agent is for.'),
  system_prompt STRING NOT NULL OPTIONS (description = 'System prompt, byte-exact.'),
  temperature FLOAT64 OPTIONS (description = 'Sampling temperature, 0..2.'),
  max_tokens INT64 OPTIONS (description = 'Output token limit per LLM call.'),
  top_p FLOAT64 OPTIONS (description = 'Nucleus sampling, (0, 1].'),
  model STRING NOT NULL OPTIONS (description = 'LLM model name.'),
  tools ARRAY<STRING> OPTIONS (description = 'Tool names, sorted.'),
  mcp_servers ARRAY<STRUCT<name STRING, url STRING>> OPTIONS (description = 'MCP servers (name, url), sorted by name.'),
  budgets STRUCT<max_cost_usd_per_task FLOAT64, max_llm_calls_per_task INT64, max_tokens_per_task INT64> OPTIONS (description = 'Per-task budgets: cost in USD, LLM calls, tokens.'),
  policy_overrides JSON OPTIONS (description = 'Policy overrides, a JSON object.'),
  extra JSON OPTIONS (description = 'A team\'s own fields, a JSON object.'),
  content_hash STRING NOT NULL OPTIONS (description = 'sha256 of the canonical payload JSON: equal payloads, equal hashes.'),
  author STRING NOT NULL OPTIONS (description = 'Who made the change, as the caller claimed (flag, env, git config).'),
  session_user STRING OPTIONS (description = 'SESSION_USER() as BigQuery saw the write; a client cannot spoof it ("dummy" on the emulator).'),
  change_message STRING NOT NULL OPTIONS (description = 'Why the row was written.'),
  request_id STRING NOT NULL OPTIONS (description = 'Idempotency key of the write that made the row.'),
  created_at TIMESTAMP NOT NULL OPTIONS (description = 'When the row was written (server time).')
)
CLUSTER BY agent_id
OPTIONS (description = 'agentver: append-only versions of agent configurations');
