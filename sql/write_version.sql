-- Writes version N+1 of an agent and clears is_latest on version N, in one MERGE, if and only if
-- N is still the latest version (compare-and-swap). The whole script is one BigQuery job.
--
-- Parameters
--   @agent_id          STRING
--   @expected_version  INT64   the version the caller based the write on; 0 creates the agent
--                              (fails if it exists); NULL means "whatever is latest now"
--   @rollback_to       INT64   NULL for an edit; K copies version K's config exactly
--   @request_id        STRING  idempotency key: a request that already wrote a row writes nothing
--   @allow_unchanged   BOOL    write even when the config equals the latest one
--   @name … @extra             the new config (ignored for a rollback); @policy_overrides and
--                              @extra are JSON text; MCP servers come as two parallel arrays
--   @content_hash      STRING  sha256 of the canonical config (ignored for a rollback)
--   @author, @change_message   STRING
--
-- Why a temp table: the emulator's MERGE accepts only a table as its source and reads query
-- parameters inside a MERGE as NULL, so every value enters through write_plan. On BigQuery the
-- guard is still exact: the plan is computed from one snapshot and the MERGE re-checks against
-- its own: it inserts N+1 only if no row N+1 exists, and versions are gapless and never deleted,
-- so "N+1 does not exist" at MERGE time means N is still the latest. Concurrent MERGEs both update
-- row N (or the lock row), so BigQuery serializes them and reruns the loser against the new
-- snapshot, where it changes nothing. See docs/concurrency.md.
CREATE TEMP TABLE write_plan AS
WITH current_state AS (
  SELECT
    COALESCE(MAX(version), 0) AS latest_version,
    COUNTIF(request_id = @request_id) AS n_same_request,
    ARRAY_AGG(content_hash ORDER BY version DESC LIMIT 1)[SAFE_OFFSET(0)] AS latest_hash
  FROM {{dataset}}.agent_configs
  WHERE agent_id = @agent_id
),
new_config AS (
  -- an edit: the config from the parameters
  SELECT
    @name AS name,
    @description AS description,
    @system_prompt AS system_prompt,
    @temperature AS temperature,
    @max_tokens AS max_tokens,
    @top_p AS top_p,
    @model AS model,
    @tools AS tools,
    ARRAY(
      SELECT AS STRUCT server_name AS name, @mcp_server_urls[OFFSET(i)] AS url
      FROM UNNEST(@mcp_server_names) AS server_name WITH OFFSET AS i
      ORDER BY i
    ) AS mcp_servers,
    STRUCT(
      @max_cost_usd_per_task AS max_cost_usd_per_task,
      @max_llm_calls_per_task AS max_llm_calls_per_task,
      @max_tokens_per_task AS max_tokens_per_task
    ) AS budgets,
    PARSE_JSON(@policy_overrides) AS policy_overrides,
    PARSE_JSON(@extra) AS extra,
    @content_hash AS content_hash
  FROM (SELECT 1)
  WHERE @rollback_to IS NULL
  UNION ALL
  -- a rollback: an exact copy of version @rollback_to
  SELECT
    name, description, system_prompt, temperature, max_tokens, top_p, model, tools, mcp_servers,
    budgets, policy_overrides, extra, content_hash
  FROM {{dataset}}.agent_configs
  WHERE agent_id = @agent_id AND version = @rollback_to AND version > 0
),
guarded AS (
  SELECT current_state.latest_version, new_config.*
  FROM current_state CROSS JOIN new_config
  WHERE current_state.latest_version = COALESCE(@expected_version, current_state.latest_version)
    AND (current_state.latest_version > 0 OR @expected_version = 0)
    AND current_state.n_same_request = 0
    AND (@allow_unchanged OR current_state.latest_hash IS NULL OR current_state.latest_hash != new_config.content_hash)
)
SELECT
  action,
  -- the flip row of a first version is the lock row ('', 0)
  IF(action = 'flip' AND latest_version = 0, '', @agent_id) AS agent_id,
  IF(action = 'flip', latest_version, latest_version + 1) AS version,
  NULLIF(latest_version, 0) AS parent_version,
  IF(@rollback_to IS NULL, NULL, latest_version) AS rollback_from,
  @rollback_to AS rollback_to,
  guarded.* EXCEPT (latest_version),
  @author AS author,
  SESSION_USER() AS session_user,
  @change_message AS change_message,
  @request_id AS request_id,
  CURRENT_TIMESTAMP() AS created_at
FROM guarded CROSS JOIN UNNEST(['insert', 'flip']) AS action;

MERGE {{dataset}}.agent_configs AS target
USING write_plan AS source
ON target.agent_id = source.agent_id AND target.version = source.version
WHEN MATCHED AND source.action = 'flip' THEN
  UPDATE SET
    is_latest = FALSE,
    -- touching the lock row makes a first version a real update, so concurrent creators conflict
    created_at = IF(source.agent_id = '', source.created_at, target.created_at)
WHEN NOT MATCHED BY TARGET AND source.action = 'insert' THEN
  INSERT (
    agent_id, version, agent_version_id, is_latest, parent_version, rollback_from, rollback_to,
    name, description, system_prompt, temperature, max_tokens, top_p, model, tools, mcp_servers,
    budgets, policy_overrides, extra, content_hash, author, session_user, change_message,
    request_id, created_at
  )
  VALUES (
    source.agent_id, source.version, CONCAT(source.agent_id, '@', CAST(source.version AS STRING)), TRUE,
    source.parent_version, source.rollback_from, source.rollback_to,
    source.name, source.description, source.system_prompt, source.temperature, source.max_tokens,
    source.top_p, source.model, source.tools, source.mcp_servers, source.budgets,
    source.policy_overrides, source.extra, source.content_hash, source.author, source.session_user,
    source.change_message, source.request_id, source.created_at
  );

-- The outcome, read in the same job: this request's row (new, or from an earlier try) and the
-- latest row, from which the caller tells success, conflict, "no changes" and "not found" apart.
SELECT
  agent_id, version, agent_version_id, is_latest, parent_version, rollback_from, rollback_to,
  name, description, system_prompt, temperature, max_tokens, top_p, model, tools, mcp_servers,
  budgets, TO_JSON_STRING(policy_overrides) AS policy_overrides, TO_JSON_STRING(extra) AS extra,
  content_hash, author, session_user, change_message, request_id, created_at,
  request_id = @request_id AS is_this_request,
  -- FALSE when the guard refused the write (or this request had written before)
  EXISTS (SELECT 1 FROM write_plan) AS was_planned,
  (SELECT content_hash FROM {{dataset}}.agent_configs WHERE agent_id = @agent_id AND version = @rollback_to) AS rollback_target_hash
FROM {{dataset}}.agent_configs
WHERE agent_id = @agent_id
  AND (
    request_id = @request_id
    OR version = (SELECT MAX(version) FROM {{dataset}}.agent_configs WHERE agent_id = @agent_id)
  );
