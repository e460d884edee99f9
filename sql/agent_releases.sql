-- Generated from src/releases/agent-releases-table.ts by `npm run generate`; do not edit by hand.
-- agent_releases: append-only states of release labels (named pointers to agent versions)
CREATE TABLE IF NOT EXISTS {{dataset}}.agent_releases (
  agent_id STRING NOT NULL OPTIONS (description = 'The agent; \'\' on the lock row.'),
  label STRING NOT NULL OPTIONS (description = 'The label, e.g. \'production\'; \'\' on the lock row.'),
  release_number INT64 NOT NULL OPTIONS (description = '1..N per key without gaps; 0 on the lock row.'),
  is_current BOOL NOT NULL OPTIONS (description = 'TRUE on the key\'s highest number only; the only column ever updated.'),
  previous_release_number INT64 OPTIONS (description = 'The number this row was written over; NULL for 1.'),
  kind STRING NOT NULL OPTIONS (description = 'What made this state: release | canary | promote | rollback.'),
  version INT64 NOT NULL OPTIONS (description = 'The version the label serves: to every unit in a release, to the baseline arm in a canary.'),
  candidate_version INT64 OPTIONS (description = 'A canary\'s candidate version; NULL in a release.'),
  candidate_percent FLOAT64 OPTIONS (description = 'The candidate\'s share of units in percent (0 < p < 100, at most two decimals); NULL in a release.'),
  assignment_salt STRING OPTIONS (description = 'A canary\'s salt: a unit\'s arm is SHA-256(salt, 0x00, unit) (see assignArm); kept across a ramp, new for a new candidate.'),
  rollout_policy JSON OPTIONS (description = 'A canary\'s rollout policy (primary metric, guardrails, max days) that watch applies.'),
  content_hash STRING NOT NULL OPTIONS (description = 'sha256 of the canonical payload JSON: equal payloads, equal hashes.'),
  author STRING NOT NULL OPTIONS (description = 'Who made the change, as the caller claimed (flag, env, git config).'),
  session_user STRING OPTIONS (description = 'SESSION_USER() as BigQuery saw the write; a client cannot spoof it ("dummy" on the emulator).'),
  change_message STRING NOT NULL OPTIONS (description = 'Why the row was written.'),
  request_id STRING NOT NULL OPTIONS (description = 'Idempotency key of the write that made the row.'),
  created_at TIMESTAMP NOT NULL OPTIONS (description = 'When the row was written (server time).')
)
CLUSTER BY agent_id, label
OPTIONS (description = 'agentver: append-only states of release labels (named pointers to agent versions)');
