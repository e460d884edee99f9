import { columnDdl, GENERATED, sqlString } from '../store/append-only-table.js';
import type { ColumnSpec } from '../store/column-sql.js';
import type { DeclaredTable } from '../store/declared-table.js';

/** A column of a run table, under the comment banner it is listed with (ids, measures, timestamps…). */
export interface TelemetryColumn extends ColumnSpec {
  readonly group: string;
}

/** An event table (runs, calls, grades, watch decisions): appended rows, partitioned by day of one timestamp. */
export interface TelemetryTableSpec {
  readonly table: string;
  readonly description: string;
  /** Lines of the DDL's header comment: what one row is. */
  readonly comment: readonly string[];
  readonly columns: readonly TelemetryColumn[];
  /** The TIMESTAMP column whose date partitions the table. */
  readonly partitionBy: string;
  readonly clusterBy: readonly string[];
}

const versioned = (group: string): TelemetryColumn[] => [
  { group, name: 'agent_id', type: 'STRING', required: true, description: 'The agent that ran.' },
  {
    group,
    name: 'agent_version_id',
    type: 'STRING',
    required: true,
    description: "'<agent_id>@<version>' from agent_configs: the config the run used.",
  },
];
const recordedAt: TelemetryColumn = {
  group: 'timestamps',
  name: 'recorded_at',
  type: 'TIMESTAMP',
  required: true,
  description: 'When agentver wrote the row: incremental models read by it.',
};
const attributes: TelemetryColumn = {
  group: 'the rest',
  name: 'attributes',
  type: 'JSON',
  description: "A team's own fields, as a JSON object.",
};

const RELEASE_ASSIGNMENT = 'release assignment (from the resolver; NULL when the run was not resolved through a label)';

export const TASK_EXECUTIONS: TelemetryTableSpec = {
  table: 'task_executions',
  description: 'one row per agent run, tagged with agent_version_id',
  comment: ['one row per run of an agent on a task (streamed; a row may repeat, staging de-duplicates by execution_id).'],
  columns: [
    { group: 'ids', name: 'execution_id', type: 'STRING', required: true, description: 'The run: unique, the insertId of its row.' },
    ...versioned('ids'),
    { group: 'ids', name: 'task_type', type: 'STRING', description: "A team's own category, e.g. 'billing_question'." },
    { group: 'outcome', name: 'status', type: 'STRING', required: true, description: 'succeeded | failed | timed_out | cancelled.' },
    { group: 'outcome', name: 'resolution', type: 'STRING', description: 'resolved | escalated | unresolved | abandoned.' },
    {
      group: 'outcome',
      name: 'is_first_response_resolution',
      type: 'BOOL',
      description: 'Resolved by the first response, with no follow-up.',
    },
    { group: 'outcome', name: 'error_class', type: 'STRING', description: "For failed runs, e.g. 'tool_error', 'rate_limit'." },
    { group: 'measures', name: 'cost_usd', type: 'FLOAT64', description: 'What the run cost, in US dollars.' },
    { group: 'measures', name: 'input_tokens', type: 'INT64', description: 'Tokens sent to models during the run.' },
    { group: 'measures', name: 'output_tokens', type: 'INT64', description: 'Tokens models returned during the run.' },
    { group: 'measures', name: 'latency_ms', type: 'FLOAT64', description: 'Wall time of the run, in milliseconds.' },
    { group: 'timestamps', name: 'started_at', type: 'TIMESTAMP', required: true, description: 'When the run started.' },
    { group: 'timestamps', name: 'ended_at', type: 'TIMESTAMP', description: 'When the run ended.' },
    recordedAt,
    {
      group: RELEASE_ASSIGNMENT,
      name: 'release_label',
      type: 'STRING',
      description: "The label resolved, e.g. 'production'.",
    },
    {
      group: RELEASE_ASSIGNMENT,
      name: 'release_number',
      type: 'INT64',
      description: "The label's state (agent_releases.release_number) that routed the run.",
    },
    {
      group: RELEASE_ASSIGNMENT,
      name: 'arm',
      type: 'STRING',
      description: 'baseline | candidate in a canary; NULL in a release.',
    },
    {
      group: RELEASE_ASSIGNMENT,
      name: 'assignment_unit',
      type: 'STRING',
      description:
        'The unit the resolver was given (a ticket, user, session): hashed to the arm in a canary, and the key of its history before one.',
    },
    attributes,
  ],
  partitionBy: 'started_at',
  clusterBy: ['agent_id', 'agent_version_id'],
};

export const LLM_CALLS: TelemetryTableSpec = {
  table: 'llm_calls',
  description: 'one row per LLM call, tagged with agent_version_id',
  comment: ['one row per model call made during a task execution.'],
  columns: [
    { group: 'ids', name: 'call_id', type: 'STRING', required: true, description: 'The call: unique, the insertId of its row.' },
    { group: 'ids', name: 'execution_id', type: 'STRING', required: true, description: 'The run the call was made in.' },
    ...versioned('ids'),
    { group: 'call', name: 'model', type: 'STRING', description: "The model called, e.g. 'gpt-4.1'." },
    { group: 'call', name: 'status', type: 'STRING', required: true, description: 'ok | error.' },
    { group: 'call', name: 'error_class', type: 'STRING', description: "For failed calls, e.g. 'rate_limit'." },
    { group: 'measures', name: 'input_tokens', type: 'INT64', description: 'Tokens sent.' },
    { group: 'measures', name: 'output_tokens', type: 'INT64', description: 'Tokens returned.' },
    { group: 'measures', name: 'cost_usd', type: 'FLOAT64', description: 'What the call cost, in US dollars.' },
    { group: 'measures', name: 'latency_ms', type: 'FLOAT64', description: 'Wall time of the call, in milliseconds.' },
    { group: 'timestamps', name: 'started_at', type: 'TIMESTAMP', required: true, description: 'When the call started.' },
    recordedAt,
    attributes,
  ],
  partitionBy: 'started_at',
  clusterBy: ['agent_id', 'agent_version_id'],
};

export const OUTCOME_GRADES: TelemetryTableSpec = {
  table: 'outcome_grades',
  description: 'grades of agent runs, tagged with agent_version_id',
  comment: [
    'one row per grade of a task execution, by a person, an LLM judge or a rule.',
    'Grades can arrive days after the run (human review): models re-read a lookback window.',
  ],
  columns: [
    { group: 'ids', name: 'grade_id', type: 'STRING', required: true, description: 'The grade: unique, the insertId of its row.' },
    { group: 'ids', name: 'execution_id', type: 'STRING', required: true, description: 'The run graded.' },
    ...versioned('ids'),
    { group: 'grade', name: 'grader_type', type: 'STRING', required: true, description: 'human | llm_judge | rule.' },
    {
      group: 'grade',
      name: 'grader_id',
      type: 'STRING',
      description: 'Who or what graded: a reviewer, a judge model, a rule name.',
    },
    { group: 'grade', name: 'metric', type: 'STRING', required: true, description: "What was graded, e.g. 'quality', 'helpfulness'." },
    { group: 'grade', name: 'score', type: 'FLOAT64', description: "On the grader's scale, e.g. 0..1 or 1..5." },
    { group: 'grade', name: 'passed', type: 'BOOL', description: 'Whether the run passed this grade.' },
    { group: 'grade', name: 'comment', type: 'STRING', description: "The grader's note." },
    { group: 'timestamps', name: 'graded_at', type: 'TIMESTAMP', required: true, description: 'When the grade was given.' },
    recordedAt,
    attributes,
  ],
  partitionBy: 'graded_at',
  clusterBy: ['agent_id', 'agent_version_id'],
};

export const TELEMETRY_TABLE_SPECS: readonly TelemetryTableSpec[] = [TASK_EXECUTIONS, LLM_CALLS, OUTCOME_GRADES];

/** The table as init upgrades it. */
export function declaredTelemetryTable(spec: TelemetryTableSpec): DeclaredTable {
  return { table: spec.table, columns: spec.columns, ddlFile: `${spec.table}.sql` };
}

/** CREATE TABLE for an event table, its columns under their banners, each documented. */
export function renderTelemetryDdl(spec: TelemetryTableSpec, source: string): string {
  const lines: string[] = [];
  spec.columns.forEach((column, i) => {
    if (spec.columns[i - 1]?.group !== column.group) lines.push(`  -- ${column.group}`);
    lines.push(`  ${columnDdl(column)}${i < spec.columns.length - 1 ? ',' : ''}`);
  });
  const [first, ...rest] = spec.comment;
  return `${GENERATED(source)}-- ${spec.table}: ${first}
${rest.map((line) => `-- ${line}\n`).join('')}CREATE TABLE IF NOT EXISTS {{dataset}}.${spec.table} (
${lines.join('\n')}
)
PARTITION BY DATE(${spec.partitionBy})
CLUSTER BY ${spec.clusterBy.join(', ')}
OPTIONS (description = ${sqlString(`agentver: ${spec.description}`)});
`;
}
