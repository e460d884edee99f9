-- Generated from src/config/agent-config.ts and src/store/agent-configs-table.ts by `npm run generate`; do not edit by hand.
-- For each config field of an agent, the versions at which its value changed (version 1 counts
-- as a change), newest first. With @field = '', only each field's last change.
-- Parameters: @agent_id STRING, @field STRING ('' for every field: a NULL STRING parameter makes
-- the emulator infer conflicting types)
--
-- Each field is compared with the previous version's by LAG over one row per version; only the
-- changes are unnested, so the work grows with versions, not versions × fields.
WITH field_values AS (
  SELECT
    version, author, created_at, change_message, rollback_to,
    TO_JSON_STRING(name) AS name,
    TO_JSON_STRING(description) AS description,
    TO_JSON_STRING(system_prompt) AS system_prompt,
    TO_JSON_STRING(temperature) AS temperature,
    TO_JSON_STRING(max_tokens) AS max_tokens,
    TO_JSON_STRING(top_p) AS top_p,
    TO_JSON_STRING(model) AS model,
    TO_JSON_STRING(tools) AS tools,
    TO_JSON_STRING(mcp_servers) AS mcp_servers,
    TO_JSON_STRING(budgets) AS budgets,
    TO_JSON_STRING(policy_overrides) AS policy_overrides,
    TO_JSON_STRING(extra) AS extra
  FROM {{dataset}}.agent_configs
  WHERE agent_id = @agent_id AND version > 0
),
previous AS (
  SELECT
    *,
    LAG(name) OVER (ORDER BY version) AS previous_name,
    LAG(description) OVER (ORDER BY version) AS previous_description,
    LAG(system_prompt) OVER (ORDER BY version) AS previous_system_prompt,
    LAG(temperature) OVER (ORDER BY version) AS previous_temperature,
    LAG(max_tokens) OVER (ORDER BY version) AS previous_max_tokens,
    LAG(top_p) OVER (ORDER BY version) AS previous_top_p,
    LAG(model) OVER (ORDER BY version) AS previous_model,
    LAG(tools) OVER (ORDER BY version) AS previous_tools,
    LAG(mcp_servers) OVER (ORDER BY version) AS previous_mcp_servers,
    LAG(budgets) OVER (ORDER BY version) AS previous_budgets,
    LAG(policy_overrides) OVER (ORDER BY version) AS previous_policy_overrides,
    LAG(extra) OVER (ORDER BY version) AS previous_extra
  FROM field_values
),
changed AS (
  SELECT
    version, author, created_at, change_message, rollback_to,
    ARRAY(
      SELECT field FROM UNNEST([
        IF(name IS DISTINCT FROM previous_name, 'name', NULL),
        IF(description IS DISTINCT FROM previous_description, 'description', NULL),
        IF(system_prompt IS DISTINCT FROM previous_system_prompt, 'system_prompt', NULL),
        IF(temperature IS DISTINCT FROM previous_temperature, 'temperature', NULL),
        IF(max_tokens IS DISTINCT FROM previous_max_tokens, 'max_tokens', NULL),
        IF(top_p IS DISTINCT FROM previous_top_p, 'top_p', NULL),
        IF(model IS DISTINCT FROM previous_model, 'model', NULL),
        IF(tools IS DISTINCT FROM previous_tools, 'tools', NULL),
        IF(mcp_servers IS DISTINCT FROM previous_mcp_servers, 'mcp_servers', NULL),
        IF(budgets IS DISTINCT FROM previous_budgets, 'budgets', NULL),
        IF(policy_overrides IS DISTINCT FROM previous_policy_overrides, 'policy_overrides', NULL),
        IF(extra IS DISTINCT FROM previous_extra, 'extra', NULL)
      ]) AS field
      WHERE field IS NOT NULL AND (@field = '' OR field = @field)
    ) AS fields
  FROM previous
),
changes AS (
  SELECT
    field, version, author, created_at, change_message, rollback_to,
    ROW_NUMBER() OVER (PARTITION BY field ORDER BY version DESC) AS recency
  FROM changed CROSS JOIN UNNEST(changed.fields) AS field
)
SELECT field, version, author, created_at, change_message, rollback_to
FROM changes
WHERE @field != '' OR recency = 1
ORDER BY field, version DESC
