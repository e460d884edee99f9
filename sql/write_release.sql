-- Generated from src/releases/agent-releases-table.ts by `npm run generate`; do not edit by hand.
-- Writes number N+1 of a agent_releases key and clears the latest flag of N, in one MERGE, if
-- and only if N is still the latest (compare-and-swap), and states the outcome. One BigQuery job.
--
-- Parameters
--   @agent_id, @label  STRING   the key
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
    COALESCE(MAX(release_number), 0) AS latest_number,
    COUNTIF(request_id = @request_id) AS n_same_request,
    ARRAY_AGG(content_hash ORDER BY release_number DESC LIMIT 1)[SAFE_OFFSET(0)] AS latest_hash
  FROM {{dataset}}.agent_releases
  WHERE agent_id = @agent_id AND label = @label
),
new_row AS (
  -- a write: the payload from the parameters
  SELECT
    CAST(@kind AS STRING) AS kind,
    CAST(@version AS INT64) AS version,
    CAST(@candidate_version AS INT64) AS candidate_version,
    CAST(@candidate_percent AS FLOAT64) AS candidate_percent,
    CAST(@assignment_salt AS STRING) AS assignment_salt,
    PARSE_JSON(@rollout_policy) AS rollout_policy,
    @content_hash AS content_hash
  FROM (SELECT 1)
  WHERE @copy_of IS NULL
    AND @version IN (SELECT version FROM {{dataset}}.agent_configs WHERE agent_id = @agent_id AND version > 0)
    AND (@candidate_version IS NULL OR @candidate_version IN (SELECT version FROM {{dataset}}.agent_configs WHERE agent_id = @agent_id AND version > 0))
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
  IF(action = 'flip' AND latest_number = 0, '', @label) AS label,
  IF(action = 'flip', latest_number, latest_number + 1) AS release_number,
  NULLIF(latest_number, 0) AS previous_release_number,
  decision.* EXCEPT (outcome, latest_number, n_same_request, latest_hash),
  @author AS author,
  SESSION_USER() AS session_user,
  @change_message AS change_message,
  @request_id AS request_id,
  CURRENT_TIMESTAMP() AS created_at
FROM decision CROSS JOIN UNNEST(IF(outcome = 'written', ['insert', 'flip'], ['none'])) AS action;

MERGE {{dataset}}.agent_releases AS target
USING write_plan AS source
ON target.agent_id = source.agent_id AND target.label = source.label AND target.release_number = source.release_number
WHEN MATCHED AND source.action = 'flip' THEN
  UPDATE SET
    is_current = FALSE,
    -- touching the lock row makes a first write a real update, so concurrent first writers conflict
    created_at = IF(source.agent_id = '', source.created_at, target.created_at)
WHEN NOT MATCHED BY TARGET AND source.action = 'insert' THEN
  INSERT (
    agent_id, label, release_number, is_current, previous_release_number, kind, version,
    candidate_version, candidate_percent, assignment_salt, rollout_policy, content_hash, author,
    session_user, change_message, request_id, created_at
  )
  VALUES (
    source.agent_id, source.label, source.release_number, TRUE, source.previous_release_number,
    source.kind, source.version, source.candidate_version, source.candidate_percent,
    source.assignment_salt, source.rollout_policy, source.content_hash, source.author,
    source.session_user, source.change_message, source.request_id, source.created_at
  );

-- The outcome, read in the same job: what the guard decided ('written' becomes 'conflict' when a
-- concurrent writer took N+1 between the plan and the MERGE), this request's row (new, or from an
-- earlier try) and the latest row, which a refusal reports.
SELECT
  IF(
    planned.outcome = 'written'
      AND (SELECT COUNTIF(request_id = @request_id) FROM {{dataset}}.agent_releases WHERE agent_id = @agent_id AND label = @label) = 0,
    'conflict',
    planned.outcome
  ) AS outcome,
  found.*
FROM (SELECT ANY_VALUE(outcome) AS outcome FROM write_plan) AS planned
LEFT JOIN (
  SELECT
    agent_id, label, release_number, is_current, previous_release_number, kind, version,
    candidate_version, candidate_percent, assignment_salt,
    TO_JSON_STRING(rollout_policy) AS rollout_policy, content_hash, author, session_user,
    change_message, request_id, created_at, request_id = @request_id AS is_this_request
  FROM {{dataset}}.agent_releases
  WHERE agent_id = @agent_id AND label = @label
    AND (
      request_id = @request_id
      OR release_number = (SELECT MAX(release_number) FROM {{dataset}}.agent_releases WHERE agent_id = @agent_id AND label = @label)
    )
) AS found ON TRUE;
