// A JavaScript definition, not SQLX: its columns and their descriptions come from
// includes/canary_metrics.js (generated from src/watch/canary-metrics.ts), which a config block cannot read.
const { unitColumns, prePeriodDays } = require('includes/canary_metrics');

publish('canary_units', {
  type: 'table',
  description:
    "One row per canary and unit: each unit's runs since the canary began, summed, with the state and arm it entered in. " +
    'The unit is what the resolver hashed to an arm (assignment_unit: a ticket, a user); a run without one is a unit of its own (unit_id its execution_id). ' +
    "The unit's arm and entry state are those of its first run (the earliest started_at): it was split at that state's share, so it is analysed there (intention to treat: a later ramp that moves it to the candidate does not move it out of its stratum). " +
    'is_misassigned flags a unit the assignment cannot explain: seen as baseline at a share at or above one at which it was candidate (no single bucket gives both), or a run whose version its arm does not serve. ' +
    `Each unit column c also as pre_c: the same sum over the unit's runs of the agent (any label or version) in the ${prePeriodDays} days before the canary began, its history, which watch adjusts by (CUPED); has_history is TRUE when it had any. ` +
    "Runs in the canary and runs before it are one UNION ALL grouped by unit, so the only joins are of run_facts to the small canary_states table (one row per state); cost, latency and tokens capped at the canary's pooled p99, before the canary too. Full refresh.",
  bigquery: { clusterBy: ['agent_id', 'label', 'canary_release_number'] },
  assertions: {
    uniqueKey: ['agent_id', 'label', 'canary_release_number', 'is_run_unit', 'unit_id'],
    nonNull: [
      'agent_id',
      'label',
      'canary_release_number',
      'unit_id',
      'is_run_unit',
      'entry_release_number',
      'entry_candidate_percent',
      'arm',
      'first_run_at',
      'is_misassigned',
      'has_history',
      'n_runs',
    ],
    rowConditions: [
      "arm IN ('baseline', 'candidate')",
      'n_runs >= 1 AND (NOT is_run_unit OR n_runs = 1)',
      'n_succeeded <= n_runs AND n_resolved <= n_runs AND n_errors <= n_runs AND n_first_response_resolved <= n_runs',
      'n_passed <= n_graded AND n_graded <= n_runs AND n_grade_score <= n_runs',
      'entry_release_number >= canary_release_number',
      'has_history = (pre_n_runs > 0) AND (NOT is_run_unit OR NOT has_history)',
    ],
  },
  columns: {
    agent_id: 'The agent.',
    label: 'The label the canary runs on.',
    canary_release_number: "The canary: the label's first state with its assignment salt (a ramp keeps it).",
    unit_id: 'The unit: assignment_unit, or the execution_id of a run without one.',
    is_run_unit: 'TRUE when the run had no assignment_unit (random assignment per call): the run is its own unit.',
    entry_release_number: "The state of the unit's first run since the canary began: its stratum.",
    entry_candidate_percent: "The candidate's configured share in that state.",
    arm: "The arm of the unit's first run: baseline | candidate.",
    first_run_at: "When the unit's first run in the canary started.",
    is_misassigned:
      "The unit's runs are not what one sticky assignment gives: both arms where no ramp explains it, or a version the arm does not serve.",
    has_history: `TRUE when the unit had runs in the ${prePeriodDays} days before the canary began (a run without a unit has none).`,
    ...Object.fromEntries(
      unitColumns.flatMap(({ column, description }) => {
        const lower = `${description.charAt(0).toLowerCase()}${description.slice(1)}`;
        return [
          [column, `The unit's ${lower}`],
          [`pre_${column}`, `Before the canary (its history): the unit's ${lower}`],
        ];
      }),
    ),
  },
}).query((ctx) => {
  // What one run adds to each unit column; caps: the canary's row of canary_states.
  const values = unitColumns.map(({ column, run }) => `${run} AS ${column}`).join(',\n    ');
  const inCanary = `${ctx.ref('run_facts')} AS runs
    JOIN ${ctx.ref('canary_states')} AS caps
      ON runs.agent_id = caps.agent_id AND runs.release_label = caps.label AND runs.release_number = caps.release_number
    WHERE runs.arm IS NOT NULL AND runs.started_at >= caps.canary_started_at`;
  return `
-- a run without a unit is a unit of its own, with no history: no GROUP BY (as many runs are)
SELECT
  caps.agent_id,
  caps.label,
  caps.canary_release_number,
  runs.execution_id AS unit_id,
  TRUE AS is_run_unit,
  caps.release_number AS entry_release_number,
  caps.candidate_percent AS entry_candidate_percent,
  runs.arm,
  runs.started_at AS first_run_at,
  COALESCE(runs.agent_version != IF(runs.arm = 'candidate', caps.candidate_version, caps.baseline_version), FALSE) AS is_misassigned,
  FALSE AS has_history,
  ${unitColumns.flatMap(({ column, type, run }) => [`${run} AS ${column}`, `CAST(0 AS ${type}) AS pre_${column}`]).join(',\n  ')}
FROM ${inCanary} AND runs.assignment_unit IS NULL
UNION ALL
-- a unit's runs in the canary and before it, one row each (is_pre), then one row a unit: the
-- per-run GROUP BY sums each column once, and only the few rows of a unit are pivoted
SELECT
  agent_id,
  label,
  canary_release_number,
  unit_id,
  FALSE AS is_run_unit,
  MAX(IF(is_pre, NULL, entry.release_number)) AS entry_release_number,
  MAX(IF(is_pre, NULL, entry.candidate_percent)) AS entry_candidate_percent,
  MAX(IF(is_pre, NULL, entry.arm)) AS arm,
  MAX(IF(is_pre, NULL, first_run_at)) AS first_run_at,
  LOGICAL_OR(is_misassigned) AS is_misassigned,
  LOGICAL_OR(is_pre) AS has_history,
  ${unitColumns.flatMap(({ column }) => [`SUM(IF(is_pre, 0, ${column})) AS ${column}`, `SUM(IF(is_pre, ${column}, 0)) AS pre_${column}`]).join(',\n  ')}
FROM (
  SELECT
    agent_id,
    label,
    canary_release_number,
    unit_id,
    is_pre,
    ARRAY_AGG(STRUCT(release_number, candidate_percent, arm) ORDER BY started_at, release_number LIMIT 1)[OFFSET(0)] AS entry,
    MIN(started_at) AS first_run_at,
    -- candidate iff bucket < share: baseline at share p and candidate at share q need p < q
    COALESCE(MAX(IF(arm = 'baseline', candidate_percent, NULL)) >= MIN(IF(arm = 'candidate', candidate_percent, NULL)), FALSE)
      OR COALESCE(LOGICAL_OR(agent_version != served_version), FALSE) AS is_misassigned,
    ${unitColumns.map(({ column }) => `SUM(${column}) AS ${column}`).join(',\n    ')}
  FROM (
    -- the runs of units in the canary, each with the state that routed it
    SELECT
      caps.agent_id,
      caps.label,
      caps.canary_release_number,
      runs.assignment_unit AS unit_id,
      FALSE AS is_pre,
      runs.started_at,
      caps.release_number,
      caps.candidate_percent,
      runs.arm,
      runs.agent_version,
      IF(runs.arm = 'candidate', caps.candidate_version, caps.baseline_version) AS served_version,
      ${values}
    FROM ${inCanary} AND runs.assignment_unit IS NOT NULL
    UNION ALL
    -- the agent's runs by a unit in the days before each canary (history): no state, no arm
    SELECT
      caps.agent_id,
      caps.label,
      caps.canary_release_number,
      runs.assignment_unit AS unit_id,
      TRUE AS is_pre,
      runs.started_at,
      CAST(NULL AS INT64) AS release_number,
      CAST(NULL AS FLOAT64) AS candidate_percent,
      CAST(NULL AS STRING) AS arm,
      runs.agent_version,
      CAST(NULL AS INT64) AS served_version,
      ${values}
    FROM ${ctx.ref('run_facts')} AS runs
    JOIN ${ctx.ref('canary_states')} AS caps
      ON runs.agent_id = caps.agent_id AND caps.release_number = caps.canary_release_number
    WHERE runs.assignment_unit IS NOT NULL
      AND runs.started_at >= TIMESTAMP_SUB(caps.canary_started_at, INTERVAL ${prePeriodDays} DAY)
      AND runs.started_at < caps.canary_started_at
  )
  GROUP BY agent_id, label, canary_release_number, unit_id, is_pre
)
GROUP BY agent_id, label, canary_release_number, unit_id
HAVING LOGICAL_OR(NOT is_pre)
`;
});
