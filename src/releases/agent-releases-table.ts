import type { AppendOnlyTable } from '../store/append-only-table.js';

/**
 * agent_releases: one row per state of a label (a named pointer of one agent, e.g.
 * `production`), append-only and numbered 1..N per (agent_id, label). A state is a release (one
 * version at 100%) or a canary (`version` is the baseline, `candidate_version` gets
 * `candidate_percent` of the units, split by `assignment_salt`). Written by the same generic
 * writer as agent_configs: one MERGE with compare-and-swap on the release number.
 */
export const AGENT_RELEASES: AppendOnlyTable = {
  table: 'agent_releases',
  description: 'append-only states of release labels (named pointers to agent versions)',
  key: [
    { name: 'agent_id', type: 'STRING', required: true, description: "The agent; '' on the lock row." },
    { name: 'label', type: 'STRING', required: true, description: "The label, e.g. 'production'; '' on the lock row." },
  ],
  sequence: 'release_number',
  latestFlag: 'is_current',
  parent: 'previous_release_number',
  derived: [],
  payload: [
    { name: 'kind', type: 'STRING', required: true, description: 'What made this state: release | canary | promote | rollback.' },
    {
      name: 'version',
      type: 'INT64',
      required: true,
      description: 'The version the label serves: to every unit in a release, to the baseline arm in a canary.',
    },
    { name: 'candidate_version', type: 'INT64', description: "A canary's candidate version; NULL in a release." },
    {
      name: 'candidate_percent',
      type: 'FLOAT64',
      description: "The candidate's share of units in percent (0 < p < 100, at most two decimals); NULL in a release.",
    },
    {
      name: 'assignment_salt',
      type: 'STRING',
      description:
        "A canary's salt: a unit's arm is SHA-256(salt, 0x00, unit) (see assignArm); kept across a ramp, new for a new candidate.",
    },
    {
      name: 'rollout_policy',
      type: 'JSON',
      description: "A canary's rollout policy (primary metric, guardrails, max days) that watch applies.",
    },
  ],
  // Routed versions must exist when the MERGE plans the row (a version is never deleted).
  precondition: `@version IN (SELECT version FROM {{dataset}}.agent_configs WHERE agent_id = @agent_id AND version > 0)
    AND (@candidate_version IS NULL OR @candidate_version IN (SELECT version FROM {{dataset}}.agent_configs WHERE agent_id = @agent_id AND version > 0))`,
  clusterBy: ['agent_id', 'label'],
  writeScript: 'write_release.sql',
};
