-- Generated from src/config/agent-config.ts and src/store/agent-configs-table.ts by `npm run generate`; do not edit by hand.
-- Writes number N+1 of a agent_configs key and clears the latest flag of N, in one MERGE, if
-- and only if N is still the latest (compare-and-swap), and states the outcome. One BigQuery job.
--
-- Parameters
--   @agent_id  STRING   the key
--   @expected        INT64   the number the caller based the write on; 0 for a first write (fails
--                            if the key exists); NULL means "whatever is latest now"
--   @copy_of         INT64   NULL, or the number whose payload to copy exactly (a rollback)
--   @request_id      STRING  idempotency key: a request that already wrote a row writes nothing
--   @allow_unchanged BOOL    write even when the payload equals the latest one
--   @content_hash    STRING  sha256 of the canonical payload (ignored for a copy)
--   @author, @change_message STRING; the payload columns' parameters
--
-- Why a temp table: the emulator's MERGE accepts only a table as its source and reads query
-- parameters inside a MERGE as NULL, so every value enters through write_plan. write_plan holds
-- the outcome the guard decided and, only when it is 'written', the rows to insert and to flip.
-- On BigQuery the guard stays exact: the plan is computed from one snapshot and the MERGE
-- re-checks against its own: it inserts N+1 only if no row N+1 exists, and numbers are gapless
-- and never deleted, so "N+1 does not exist" at MERGE time means N is still the latest.
-- Concurrent MERGEs both update row N (or the lock row), so BigQuery serializes them and reruns
-- the loser against the new snapshot, where it changes nothing; the read-back then says
-- 'conflict'. See docs/concurrency.md.
CREATE TEMP TABLE write_plan AS
WITH current_state AS (
  SELECT
    COALESCE(MAX(version), 0) AS latest_number,
    COUNTIF(request_id = @request_id) AS n_same_request,
    ARRAY_AGG(content_hash ORDER BY version DESC LIMIT 1)[SAFE_OFFSET(0)] AS latest_hash
  FROM {{dataset}}.agent_configs
  WHERE agent_id = @agent_id
),
new_row AS (
  -- a write: the payload from the parameters
  SELECT
    CAST(@name AS STRING) AS name,
    CAST(@description AS STRING) AS description,
    CAST(@system_prompt AS STRING) AS system_prompt,
    CAST(@temperature AS FLOAT64) AS temperature,
    CAST(@max_tokens AS INT64) AS max_tokens,
    CAST(@top_p AS FLOAT64) AS top_p,
    CAST(@model AS STRING) AS model,
    @tools AS tools,
    ARRAY(SELECT AS STRUCT mcp_servers_name AS name, @mcp_servers__url[OFFSET(i)] AS url FROM UNNEST(@mcp_servers__name) AS mcp_servers_name WITH OFFSET AS i ORDER BY i) AS mcp_servers,
    STRUCT(@budgets__max_cost_usd_per_task AS max_cost_usd_per_task, @budgets__max_llm_calls_per_task AS max_llm_calls_per_task, @budgets__max_tokens_per_task AS max_tokens_per_task) AS budgets,
    PARSE_JSON(@policy_overrides) AS policy_overrides,
    PARSE_JSON(@extra) AS extra,
    @content_hash AS content_hash
  FROM (SELECT 1)
  WHERE @copy_of IS NULL
  UNION ALL
  -- a copy: the payload of number @copy_of, exactly
  SELECT
    name, description, system_prompt, temperature, max_tokens, top_p, model, tools, mcp_servers,
    budgets, policy_overrides, extra, content_hash
  FROM {{dataset}}.agent_configs
  WHERE agent_id = @agent_id AND version = @copy_of AND version > 0
),
decision AS (
  SELECT
    current_state.*,
    new_row.*,
    CASE
      WHEN current_state.n_same_request > 0 THEN 'replayed'
      WHEN @expected = 0 AND current_state.latest_number > 0 THEN 'already_exists'
      WHEN current_state.latest_number = 0 AND @expected IS DISTINCT FROM 0 THEN 'not_found'
      WHEN current_state.latest_number != COALESCE(@expected, current_state.latest_number) THEN 'conflict'
      WHEN new_row.content_hash IS NULL THEN 'not_found'
      WHEN NOT @allow_unchanged AND new_row.content_hash = current_state.latest_hash THEN 'no_changes'
      ELSE 'written'
    END AS outcome
  FROM current_state LEFT JOIN new_row ON TRUE
)
SELECT
  outcome,
  action,
  -- the flip row of a first write is the lock row
  IF(action = 'flip' AND latest_number = 0, '', @agent_id) AS agent_id,
  IF(action = 'flip', latest_number, latest_number + 1) AS version,
  NULLIF(latest_number, 0) AS parent_version,
  IF(@copy_of IS NULL, NULL, latest_number) AS rollback_from,
  @copy_of AS rollback_to,
  decision.* EXCEPT (outcome, latest_number, n_same_request, latest_hash),
  @author AS author,
  SESSION_USER() AS session_user,
  @change_message AS change_message,
  @request_id AS request_id,
  CURRENT_TIMESTAMP() AS created_at
FROM decision CROSS JOIN UNNEST(IF(outcome = 'written', ['insert', 'flip'], ['none'])) AS action;

MERGE {{dataset}}.agent_configs AS target
USING write_plan AS source
ON target.agent_id = source.agent_id AND target.version = source.version
WHEN MATCHED AND source.action = 'flip' THEN
  UPDATE SET
    is_latest = FALSE,
    -- touching the lock row makes a first write a real update, so concurrent first writers conflict
    created_at = IF(source.agent_id = '', source.created_at, target.created_at)
WHEN NOT MATCHED BY TARGET AND source.action = 'insert' THEN
  INSERT (
    agent_id, version, agent_version_id, is_latest, parent_version, rollback_from, rollback_to, name,
    description, system_prompt, temperature, max_tokens, top_p, model, tools, mcp_servers, budgets,
    policy_overrides, extra, content_hash, author, session_user, change_message, request_id,
    created_at
  )
  VALUES (
    source.agent_id, source.version, CONCAT(source.agent_id, '@', CAST(source.version AS STRING)),
    TRUE, source.parent_version, source.rollback_from, source.rollback_to, source.name,
    source.description, source.system_prompt, source.temperature, source.max_tokens, source.top_p,
    source.model, source.tools, source.mcp_servers, source.budgets, source.policy_overrides,
    source.extra, source.content_hash, source.author, source.session_user, source.change_message,
    source.request_id, source.created_at
  );

-- The outcome, read in the same job: what the guard decided ('written' becomes 'conflict' when a
-- concurrent writer took N+1 between the plan and the MERGE), this request's row (new, or from an
-- earlier try) and the latest row, which a refusal reports.
SELECT
  IF(
    planned.outcome = 'written'
      AND (SELECT COUNTIF(request_id = @request_id) FROM {{dataset}}.agent_configs WHERE agent_id = @agent_id) = 0,
    'conflict',
    planned.outcome
  ) AS outcome,
  found.*
FROM (SELECT ANY_VALUE(outcome) AS outcome FROM write_plan) AS planned
LEFT JOIN (
  SELECT
    agent_id, version, agent_version_id, is_latest, parent_version, rollback_from, rollback_to, name,
    description, system_prompt, temperature, max_tokens, top_p, model, tools, mcp_servers, budgets,
    TO_JSON_STRING(policy_overrides) AS policy_overrides, TO_JSON_STRING(extra) AS extra,
    content_hash, author, session_user, change_message, request_id, created_at,
    request_id = @request_id AS is_this_request
  FROM {{dataset}}.agent_configs
  WHERE agent_id = @agent_id
    AND (
      request_id = @request_id
      OR version = (SELECT MAX(version) FROM {{dataset}}.agent_configs WHERE agent_id = @agent_id)
    )
) AS found ON TRUE;
