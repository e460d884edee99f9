// A JavaScript definition, not SQLX: its columns and their descriptions come from
// includes/canary_metrics.js (generated from src/watch/canary-metrics.ts), which a config block cannot read.
const { unitColumns } = require('includes/canary_metrics');

publish('canary_units', {
  type: 'table',
  description:
    "One row per canary and unit: each unit's runs since the canary began, summed, with the state and arm it entered in. " +
    'The unit is what the resolver hashed to an arm (assignment_unit: a ticket, a user); a run without one is a unit of its own (unit_id its execution_id). ' +
    "The unit's arm and entry state are those of its first run (the earliest started_at): it was split at that state's share, so it is analysed there (intention to treat: a later ramp that moves it to the candidate does not move it out of its stratum). " +
    'is_misassigned flags a unit the assignment cannot explain: seen as baseline at a share at or above one at which it was candidate (no single bucket gives both), or a run whose version its arm does not serve. ' +
    "The only join is run_facts to the small canary_states table (one row per state); cost, latency and tokens capped there at the canary's pooled p99. Full refresh.",
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
      'n_runs',
    ],
    rowConditions: [
      "arm IN ('baseline', 'candidate')",
      'n_runs >= 1 AND (NOT is_run_unit OR n_runs = 1)',
      'n_succeeded <= n_runs AND n_resolved <= n_runs AND n_errors <= n_runs AND n_first_response_resolved <= n_runs',
      'n_passed <= n_graded AND n_graded <= n_runs AND n_grade_score <= n_runs',
      'entry_release_number >= canary_release_number',
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
    ...Object.fromEntries(
      unitColumns.map(({ column, description }) => [column, `The unit's ${description.charAt(0).toLowerCase()}${description.slice(1)}`]),
    ),
  },
}).query(
  (ctx) => `
SELECT
  agent_id,
  label,
  canary_release_number,
  unit_id,
  is_run_unit,
  entry.release_number AS entry_release_number,
  entry.candidate_percent AS entry_candidate_percent,
  entry.arm AS arm,
  first_run_at,
  is_misassigned,
  ${unitColumns.map(({ column }) => column).join(',\n  ')}
FROM (
  SELECT
    states.agent_id,
    states.label,
    states.canary_release_number,
    COALESCE(runs.assignment_unit, runs.execution_id) AS unit_id,
    runs.assignment_unit IS NULL AS is_run_unit,
    ARRAY_AGG(STRUCT(states.release_number AS release_number, states.candidate_percent AS candidate_percent, runs.arm AS arm)
      ORDER BY runs.started_at, states.release_number LIMIT 1)[OFFSET(0)] AS entry,
    MIN(runs.started_at) AS first_run_at,
    -- candidate iff bucket < share: baseline at share p and candidate at share q need p < q
    COALESCE(MAX(IF(runs.arm = 'baseline', states.candidate_percent, NULL)) >= MIN(IF(runs.arm = 'candidate', states.candidate_percent, NULL)), FALSE)
      OR LOGICAL_OR(runs.agent_version != IF(runs.arm = 'candidate', states.candidate_version, states.baseline_version)) AS is_misassigned,
    ${unitColumns.map(({ column, sql }) => `${sql} AS ${column}`).join(',\n    ')}
  FROM ${ctx.ref('run_facts')} AS runs
  JOIN ${ctx.ref('canary_states')} AS states
    ON runs.agent_id = states.agent_id AND runs.release_label = states.label AND runs.release_number = states.release_number
  WHERE runs.arm IS NOT NULL AND runs.started_at >= states.canary_started_at
  GROUP BY states.agent_id, states.label, states.canary_release_number, COALESCE(runs.assignment_unit, runs.execution_id), runs.assignment_unit IS NULL
)
`,
);
