-- Generated from src/watch/release-decisions-table.ts by `npm run generate`; do not edit by hand.
-- release_decisions: one row per canary evaluated per `agentver watch` run (all rows of a run: one INSERT job at its end),
-- and for a promote or rollback that --apply carries out, one more row written before the move (applied false).
-- Append-only: a decision is never updated; the label move it applied is in agent_releases.
CREATE TABLE IF NOT EXISTS {{dataset}}.release_decisions (
  -- ids
  decided_at TIMESTAMP NOT NULL OPTIONS (description = 'When the watch run wrote the row (server time).'),
  request_id STRING NOT NULL OPTIONS (description = 'The watch run: every row it wrote has it, and so has the request id of a label move it applied.'),
  agent_id STRING NOT NULL OPTIONS (description = 'The agent.'),
  label STRING NOT NULL OPTIONS (description = 'The label the canary runs on.'),
  release_number INT64 NOT NULL OPTIONS (description = 'The label\'s state evaluated (the canary\'s current state).'),
  canary_release_number INT64 NOT NULL OPTIONS (description = 'The canary: the label\'s first state with its assignment salt (canary_states).'),
  -- decision
  decision STRING NOT NULL OPTIONS (description = 'promote | rollback | advance (to the ramp\'s next share) | continue | inconclusive | srm | misassigned.'),
  reason STRING NOT NULL OPTIONS (description = 'The decision in one sentence.'),
  srm_p_value FLOAT64 OPTIONS (description = 'Always-valid p-value of the sample-ratio check.'),
  evidence JSON NOT NULL OPTIONS (description = 'The RolloutDecision (units and runs per arm and entry state, every metric with its values, interval, strata and verdict) and the look it was made at.'),
  method STRING NOT NULL OPTIONS (description = 'The tests and their tuning.'),
  -- provenance
  author STRING NOT NULL OPTIONS (description = 'Who ran the watch, as the caller claimed.'),
  session_user STRING OPTIONS (description = 'SESSION_USER() as BigQuery saw the write ("dummy" on the emulator).'),
  -- apply
  applied BOOL NOT NULL OPTIONS (description = 'TRUE when this run moved the label (watch --apply on a promote or rollback).'),
  applied_release_number INT64 OPTIONS (description = 'The release the move wrote; NULL when nothing was applied.'),
  apply_note STRING OPTIONS (description = 'Why nothing was applied (no --apply, nothing to apply, the label moved meanwhile and by whom), or what was.')
)
PARTITION BY DATE(decided_at)
CLUSTER BY agent_id, label
OPTIONS (description = 'agentver: one row per canary evaluated by agentver watch: decision, evidence, who ran it, what was applied');
