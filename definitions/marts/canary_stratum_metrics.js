// A JavaScript definition, not SQLX: its sums come from includes/canary_metrics.js (generated from
// src/watch/canary-metrics.ts), which a config block cannot read.
const { stratumSums } = require('includes/canary_metrics');

publish('canary_stratum_metrics', {
  type: 'table',
  description:
    'One row per canary, entry state, history and arm: the sufficient statistics `agentver watch` decides on, over units (canary_units), not runs. ' +
    "Per unit column c, Σc and Σc² over units, and per metric Σ num × den: with the units, the delta method's variance of a per-run rate Σnum/Σden (Deng, Knoblich & Lu 2018), " +
    "so a unit's correlated runs count once. Units that entered in one state were split at its share: watch compares the arms within each entry state (stratum) and combines them, " +
    'so a ramp cannot tilt the comparison, and checks the sample ratio of units per state. ' +
    "Units with history (has_history) and without are separate rows: watch adjusts the first by each unit's own metric before the canary (CUPED, with the pre_ sums and their cross-products) and compares the second unadjusted. " +
    'GROUP BY over canary_units only (no join). Full refresh.',
  bigquery: { clusterBy: ['agent_id', 'label', 'canary_release_number'] },
  assertions: {
    uniqueKey: ['agent_id', 'label', 'canary_release_number', 'entry_release_number', 'has_history', 'arm'],
    nonNull: [
      'agent_id',
      'label',
      'canary_release_number',
      'entry_release_number',
      'entry_candidate_percent',
      'has_history',
      'arm',
      'n_units',
      'n_misassigned_units',
      'sum_n_runs',
    ],
    rowConditions: [
      "arm IN ('baseline', 'candidate')",
      'n_misassigned_units <= n_units AND n_units <= sum_n_runs',
      'sum_sq_n_runs >= sum_n_runs',
      'entry_candidate_percent > 0 AND entry_candidate_percent < 100',
    ],
  },
  columns: {
    agent_id: 'The agent.',
    label: 'The label the canary runs on.',
    canary_release_number: "The canary: the label's first state with its assignment salt.",
    entry_release_number: 'The state the units entered in: the stratum.',
    entry_candidate_percent: "The candidate's configured share in that state.",
    has_history: 'TRUE for the units that had runs before the canary (canary_units.has_history).',
    arm: "baseline | candidate (the units' first arm).",
    n_units: 'Units.',
    n_misassigned_units: 'Units flagged is_misassigned in canary_units.',
    ...Object.fromEntries(stratumSums.map(({ column, description }) => [column, description])),
  },
}).query((ctx) => {
  const keys = `units.agent_id,
  units.label,
  units.canary_release_number,
  units.entry_release_number,
  ANY_VALUE(units.entry_candidate_percent) AS entry_candidate_percent,
  units.has_history,
  units.arm,
  COUNT(*) AS n_units,
  COUNTIF(units.is_misassigned) AS n_misassigned_units`;
  const groupBy =
    'GROUP BY units.agent_id, units.label, units.canary_release_number, units.entry_release_number, units.has_history, units.arm';
  // Units without history sum none of the history columns (they are 0): most units of most canaries.
  return `
SELECT
  ${keys},
  ${stratumSums.map(({ column, sql, type, history }) => `${history ? `CAST(0 AS ${type})` : sql} AS ${column}`).join(',\n  ')}
FROM ${ctx.ref('canary_units')} AS units
WHERE NOT units.has_history
${groupBy}
UNION ALL
SELECT
  ${keys},
  ${stratumSums.map(({ column, sql }) => `${sql} AS ${column}`).join(',\n  ')}
FROM ${ctx.ref('canary_units')} AS units
WHERE units.has_history
${groupBy}
`;
});
