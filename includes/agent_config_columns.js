// Generated from src/config/config-fields.ts by `npm run generate`; do not edit by hand
// (test/unit/config/generated-files.test.ts fails when this file is stale).
// The config columns of agent_configs, in declaration order, for models that list them.
const configColumns = [
  { name: 'name', type: 'STRING', group: 'metadata', description: 'Config: display name.' },
  { name: 'description', type: 'STRING', group: 'metadata', description: 'Config: description.' },
  { name: 'system_prompt', type: 'STRING', group: 'behavior', description: 'Config: system prompt.' },
  { name: 'temperature', type: 'FLOAT64', group: 'behavior', description: 'Config: sampling temperature.' },
  { name: 'max_tokens', type: 'INT64', group: 'behavior', description: 'Config: output token limit.' },
  { name: 'top_p', type: 'FLOAT64', group: 'behavior', description: 'Config: nucleus sampling.' },
  { name: 'model', type: 'STRING', group: 'capabilities', description: 'Config: model name.' },
  { name: 'tools', type: 'ARRAY<STRING>', group: 'capabilities', description: 'Config: tool names, sorted.' },
  { name: 'mcp_servers', type: 'ARRAY<STRUCT<name STRING, url STRING>>', group: 'capabilities', description: 'Config: MCP servers (name, url), sorted by name.' },
  { name: 'budgets', type: 'STRUCT<max_cost_usd_per_task FLOAT64, max_llm_calls_per_task INT64, max_tokens_per_task INT64>', group: 'guardrails', description: 'Config: per-task budgets.' },
  { name: 'policy_overrides', type: 'JSON', group: 'guardrails', description: 'Config: policy overrides (JSON).' },
  { name: 'extra', type: 'JSON', group: 'extra', description: 'Config: fields a team adds (JSON).' },
];

module.exports = { configColumns };
