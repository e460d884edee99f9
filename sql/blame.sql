-- For each config field of an agent, the versions at which its value changed (version 1 counts
-- as a change), newest first. With @field = '', only each field's last change.
-- Parameters: @agent_id STRING, @field STRING ('' for every field: a NULL STRING parameter makes
-- the emulator infer conflicting types)
WITH field_values AS (
  SELECT
    version, author, created_at, change_message, rollback_to,
    [
      STRUCT('name' AS field, TO_JSON_STRING(name) AS value),
      STRUCT('description' AS field, TO_JSON_STRING(description) AS value),
      STRUCT('system_prompt' AS field, TO_JSON_STRING(system_prompt) AS value),
      STRUCT('temperature' AS field, TO_JSON_STRING(temperature) AS value),
      STRUCT('max_tokens' AS field, TO_JSON_STRING(max_tokens) AS value),
      STRUCT('top_p' AS field, TO_JSON_STRING(top_p) AS value),
      STRUCT('model' AS field, TO_JSON_STRING(model) AS value),
      STRUCT('tools' AS field, TO_JSON_STRING(tools) AS value),
      STRUCT('mcp_servers' AS field, TO_JSON_STRING(mcp_servers) AS value),
      STRUCT('budgets' AS field, TO_JSON_STRING(budgets) AS value),
      STRUCT('policy_overrides' AS field, TO_JSON_STRING(policy_overrides) AS value),
      STRUCT('extra' AS field, TO_JSON_STRING(extra) AS value)
    ] AS fields
  FROM agent_configs
  WHERE agent_id = @agent_id
),
per_field AS (
  SELECT
    f.field, f.value, version, author, created_at, change_message, rollback_to,
    LAG(f.value) OVER (PARTITION BY f.field ORDER BY version) AS previous_value
  FROM field_values CROSS JOIN UNNEST(field_values.fields) AS f
  WHERE @field = '' OR f.field = @field
),
changes AS (
  SELECT
    field, version, author, created_at, change_message, rollback_to,
    ROW_NUMBER() OVER (PARTITION BY field ORDER BY version DESC) AS recency
  FROM per_field
  WHERE previous_value IS NULL OR previous_value != value
)
SELECT field, version, author, created_at, change_message, rollback_to
FROM changes
WHERE @field != '' OR recency = 1
ORDER BY field, version DESC
