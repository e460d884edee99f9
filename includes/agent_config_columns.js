// Generated from src/config/agent-config.ts and src/store/agent-configs-table.ts by `npm run generate`; do not edit by hand
// (test/unit/store/generated-files.test.ts fails when this file is stale).
// The config columns of agent_configs, in declaration order, for models that list them.
const configColumns = [
  { name: "name", type: "STRING", group: "metadata", description: "Display name." },
  { name: "description", type: "STRING", group: "metadata", description: "What the agent is for." },
  { name: "system_prompt", type: "STRING", group: "behavior", description: "System prompt, byte-exact." },
  { name: "temperature", type: "FLOAT64", group: "behavior", description: "Sampling temperature, 0..2." },
  { name: "max_tokens", type: "INT64", group: "behavior", description: "Output token limit per LLM call." },
  { name: "top_p", type: "FLOAT64", group: "behavior", description: "Nucleus sampling, (0, 1]." },
  { name: "model", type: "STRING", group: "capabilities", description: "LLM model name." },
  { name: "tools", type: "ARRAY<STRING>", group: "capabilities", description: "Tool names, sorted." },
  { name: "mcp_servers", type: "ARRAY<STRUCT<name STRING, url STRING>>", group: "capabilities", description: "MCP servers (name, url), sorted by name." },
  { name: "budgets", type: "STRUCT<max_cost_usd_per_task FLOAT64, max_llm_calls_per_task INT64, max_tokens_per_task INT64>", group: "guardrails", description: "Per-task budgets: cost in USD, LLM calls, tokens." },
  { name: "policy_overrides", type: "JSON", group: "guardrails", description: "Policy overrides, a JSON object." },
  { name: "extra", type: "JSON", group: "extra", description: "A team's own fields, a JSON object." },
];

module.exports = { configColumns };
