import type { TelemetryTableSpec } from '../telemetry/telemetry-tables.js';

/**
 * release_decisions: the audit trail of `agentver watch`, one row per canary evaluated per watch
 * run, all rows of a run written by one job at its end; a decision that --apply carries out also
 * has a row written before its move (applied false), so no move is ever without its evidence. The evidence is the whole RolloutDecision as JSON, so
 * a decision can be re-read (and re-checked) without the marts it was computed from.
 */
export const RELEASE_DECISIONS: TelemetryTableSpec = {
  table: 'release_decisions',
  description: 'one row per canary evaluated by agentver watch: decision, evidence, who ran it, what was applied',
  comment: [
    'one row per canary evaluated per `agentver watch` run (all rows of a run: one INSERT job at its end),',
    'and for a promote or rollback that --apply carries out, one more row written before the move (applied false).',
    'Append-only: a decision is never updated; the label move it applied is in agent_releases.',
  ],
  columns: [
    { group: 'ids', name: 'decided_at', type: 'TIMESTAMP', required: true, description: 'When the watch run wrote the row (server time).' },
    {
      group: 'ids',
      name: 'request_id',
      type: 'STRING',
      required: true,
      description: 'The watch run: every row it wrote has it, and so has the request id of a label move it applied.',
    },
    { group: 'ids', name: 'agent_id', type: 'STRING', required: true, description: 'The agent.' },
    { group: 'ids', name: 'label', type: 'STRING', required: true, description: 'The label the canary runs on.' },
    {
      group: 'ids',
      name: 'release_number',
      type: 'INT64',
      required: true,
      description: "The label's state evaluated (the canary's current state).",
    },
    {
      group: 'ids',
      name: 'canary_release_number',
      type: 'INT64',
      required: true,
      description: "The canary: the label's first state with its assignment salt (canary_states).",
    },
    {
      group: 'decision',
      name: 'decision',
      type: 'STRING',
      required: true,
      description: "promote | rollback | advance (to the ramp's next share) | continue | inconclusive | srm | misassigned.",
    },
    { group: 'decision', name: 'reason', type: 'STRING', required: true, description: 'The decision in one sentence.' },
    { group: 'decision', name: 'srm_p_value', type: 'FLOAT64', description: 'Always-valid p-value of the sample-ratio check.' },
    {
      group: 'decision',
      name: 'evidence',
      type: 'JSON',
      required: true,
      description:
        'The RolloutDecision (units and runs per arm and entry state, every metric with its values, interval, strata and verdict) and the look it was made at.',
    },
    { group: 'decision', name: 'method', type: 'STRING', required: true, description: 'The tests and their tuning.' },
    { group: 'provenance', name: 'author', type: 'STRING', required: true, description: 'Who ran the watch, as the caller claimed.' },
    {
      group: 'provenance',
      name: 'session_user',
      type: 'STRING',
      description: 'SESSION_USER() as BigQuery saw the write ("dummy" on the emulator).',
    },
    {
      group: 'apply',
      name: 'applied',
      type: 'BOOL',
      required: true,
      description: 'TRUE when this run moved the label (watch --apply on a promote or rollback).',
    },
    {
      group: 'apply',
      name: 'applied_release_number',
      type: 'INT64',
      description: 'The release the move wrote; NULL when nothing was applied.',
    },
    {
      group: 'apply',
      name: 'apply_note',
      type: 'STRING',
      description: 'Why nothing was applied (no --apply, nothing to apply, the label moved meanwhile and by whom), or what was.',
    },
  ],
  partitionBy: 'decided_at',
  clusterBy: ['agent_id', 'label'],
};
