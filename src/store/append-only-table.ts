import { type ColumnSpec, ddlType, readSql, valueSql } from './column-sql.js';

/**
 * An append-only table of numbered states: one row per state of a key (an agent's versions, a
 * label's releases), numbered 1..N without gaps, exactly one flagged as the latest. Its writer is
 * one BigQuery job (sql/<writeScript>): a plan, one MERGE with compare-and-swap on the number the
 * caller based the write on, and a read-back that states the outcome. See renderWriteScript.
 */
export interface AppendOnlyTable {
  readonly table: string;
  readonly description: string;
  /** Columns that identify the key, all STRING, each written from the parameter of its name. */
  readonly key: readonly ColumnSpec[];
  /** The state number, 1..N per key (INT64); 0 on the lock row. */
  readonly sequence: string;
  /** The BOOL column that is TRUE on the key's latest row only. */
  readonly latestFlag: string;
  /** The INT64 column holding the number the row was written over (NULL for 1). */
  readonly parent: string;
  /** Columns computed from the key and the number, e.g. `agent_version_id`. */
  readonly derived: ReadonlyArray<ColumnSpec & { readonly sql: (column: (name: string) => string) => string }>;
  /** Lineage set only on a copy: the number replaced and the number copied. */
  readonly copy?: { readonly from: string; readonly to: string };
  /** The columns a write carries: from parameters, or on a copy from the copied row. */
  readonly payload: readonly ColumnSpec[];
  /** A SQL condition the new row must meet (e.g. the versions a release routes exist), else `not_found`. */
  readonly precondition?: string;
  readonly clusterBy: readonly string[];
  readonly writeScript: string;
}

/** Provenance columns every append-only table has, written by the same MERGE. */
export const PROVENANCE_COLUMNS: readonly ColumnSpec[] = [
  {
    name: 'content_hash',
    type: 'STRING',
    required: true,
    description: 'sha256 of the canonical payload JSON: equal payloads, equal hashes.',
  },
  { name: 'author', type: 'STRING', required: true, description: 'Who made the change, as the caller claimed (flag, env, git config).' },
  {
    name: 'session_user',
    type: 'STRING',
    description: 'SESSION_USER() as BigQuery saw the write; a client cannot spoof it ("dummy" on the emulator).',
  },
  { name: 'change_message', type: 'STRING', required: true, description: 'Why the row was written.' },
  { name: 'request_id', type: 'STRING', required: true, description: 'Idempotency key of the write that made the row.' },
  { name: 'created_at', type: 'TIMESTAMP', required: true, description: 'When the row was written (server time).' },
];

/** The outcome the write script states, computed in SQL from the same guard that decides the MERGE. */
export const WRITE_OUTCOMES = ['written', 'replayed', 'conflict', 'no_changes', 'not_found', 'already_exists'] as const;
export type WriteOutcome = (typeof WRITE_OUTCOMES)[number];

/** Every column in table order: key, number, derived, lineage, payload, provenance. */
export function tableColumns(spec: AppendOnlyTable): ColumnSpec[] {
  return [
    ...spec.key,
    { name: spec.sequence, type: 'INT64', required: true, description: '1..N per key without gaps; 0 on the lock row.' },
    ...spec.derived,
    {
      name: spec.latestFlag,
      type: 'BOOL',
      required: true,
      description: "TRUE on the key's highest number only; the only column ever updated.",
    },
    { name: spec.parent, type: 'INT64', description: 'The number this row was written over; NULL for 1.' },
    ...(spec.copy
      ? ([
          { name: spec.copy.from, type: 'INT64', description: 'For a copy (a rollback): the number it replaced.' },
          { name: spec.copy.to, type: 'INT64', description: 'For a copy (a rollback): the number whose payload it copied.' },
        ] satisfies ColumnSpec[])
      : []),
    ...spec.payload,
    ...PROVENANCE_COLUMNS,
  ];
}

/** The select list a record is read from (JSON as text). */
export function readColumns(spec: AppendOnlyTable): string {
  return tableColumns(spec).map(readSql).join(', ');
}

export const GENERATED = (source: string) => `-- Generated from ${source} by \`npm run generate\`; do not edit by hand.\n`;

/** CREATE TABLE for the spec, with every column documented. */
export function renderDdl(spec: AppendOnlyTable, source: string): string {
  const columns = tableColumns(spec).map((column) => `  ${columnDdl(column)}`);
  return `${GENERATED(source)}-- ${spec.table}: ${spec.description}
CREATE TABLE IF NOT EXISTS {{dataset}}.${spec.table} (
${columns.join(',\n')}
)
CLUSTER BY ${spec.clusterBy.join(', ')}
OPTIONS (description = ${sqlString(`agentver: ${spec.description}`)});
`;
}

/** The lock row (key '', number 0): a first write updates it, so two concurrent first writers conflict. */
export function renderLockRow(spec: AppendOnlyTable, source: string): string {
  const required = tableColumns(spec).filter((column) => column.required && column.name !== 'created_at');
  const empty = (column: ColumnSpec) => (column.type === 'INT64' ? '0' : column.type === 'BOOL' ? 'FALSE' : "''");
  const keyMatch = spec.key.map((column) => `${column.name} = ''`).join(' AND ');
  return `${GENERATED(source)}-- The lock row (${spec.key.map((column) => column.name).join(', ')} '', ${spec.sequence} 0) is not a real key. A key's first
-- write updates it, so two concurrent first writers conflict on real BigQuery instead of both
-- inserting number 1 (an insert-only MERGE never conflicts). See docs/concurrency.md.
INSERT INTO {{dataset}}.${spec.table} (${[...required.map((column) => column.name), 'created_at'].join(', ')})
SELECT ${[...required.map(empty), 'CURRENT_TIMESTAMP()'].join(', ')}
FROM (SELECT 1)
WHERE NOT EXISTS (SELECT 1 FROM {{dataset}}.${spec.table} WHERE ${keyMatch} AND ${spec.sequence} = 0);
`;
}

/** A column as CREATE TABLE declares it: name, type, NOT NULL when required, and its description. */
export function columnDdl(column: ColumnSpec): string {
  return `${column.name} ${ddlType(column.type)}${column.required ? ' NOT NULL' : ''} OPTIONS (description = ${sqlString(column.description)})`;
}

export function sqlString(text: string): string {
  return `'${text.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

/**
 * The write script: one job that appends number N+1 for a key and clears N's latest flag, if and
 * only if N is still the latest (compare-and-swap), and states its outcome.
 *
 * Parameters: the key columns (STRING); @expected INT64 (the number the caller based the write
 * on; 0 for a first write, which fails if the key exists; NULL for "whatever is latest");
 * @copy_of INT64 (NULL, or the number to copy the payload from: a rollback); @request_id;
 * @allow_unchanged BOOL; @author, @change_message; the payload's parameters (columnParams).
 */
export function renderWriteScript(spec: AppendOnlyTable, source: string): string {
  const keyMatch = spec.key.map((column) => `${column.name} = @${column.name}`).join(' AND ');
  const keyNames = spec.key.map((column) => column.name);
  const payloadNames = [...spec.payload.map((column) => column.name), 'content_hash'];
  const seq = spec.sequence;
  const fromParams = [...spec.payload.map((column) => `    ${valueSql(column)} AS ${column.name}`), '    @content_hash AS content_hash'];
  const copyBranch = spec.copy
    ? `
  UNION ALL
  -- a copy: the payload of number @copy_of, exactly
  SELECT
${wrap(payloadNames)}
  FROM {{dataset}}.${spec.table}
  WHERE ${keyMatch} AND ${seq} = @copy_of AND ${seq} > 0`
    : '';
  const lineage = spec.copy
    ? `
  IF(@copy_of IS NULL, NULL, latest_number) AS ${spec.copy.from},
  @copy_of AS ${spec.copy.to},`
    : '';
  const insertColumns = [
    ...keyNames,
    seq,
    ...spec.derived.map((column) => column.name),
    spec.latestFlag,
    spec.parent,
    ...(spec.copy ? [spec.copy.from, spec.copy.to] : []),
    ...payloadNames,
    'author',
    'session_user',
    'change_message',
    'request_id',
    'created_at',
  ];
  const insertValues = insertColumns.map((name) => {
    const derived = spec.derived.find((column) => column.name === name);
    if (derived) return derived.sql((column) => `source.${column}`);
    return name === spec.latestFlag ? 'TRUE' : `source.${name}`;
  });
  return `${GENERATED(source)}-- Writes number N+1 of a ${spec.table} key and clears the latest flag of N, in one MERGE, if
-- and only if N is still the latest (compare-and-swap), and states the outcome. One BigQuery job.
--
-- Parameters
--   ${keyNames.map((name) => `@${name}`).join(', ')}  STRING   the key
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
    COALESCE(MAX(${seq}), 0) AS latest_number,
    COUNTIF(request_id = @request_id) AS n_same_request,
    ARRAY_AGG(content_hash ORDER BY ${seq} DESC LIMIT 1)[SAFE_OFFSET(0)] AS latest_hash
  FROM {{dataset}}.${spec.table}
  WHERE ${keyMatch}
),
new_row AS (
  -- a write: the payload from the parameters
  SELECT
${fromParams.join(',\n')}
  FROM (SELECT 1)
  WHERE @copy_of IS NULL${spec.precondition ? `\n    AND ${spec.precondition}` : ''}${copyBranch}
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
${keyNames.map((name) => `  IF(action = 'flip' AND latest_number = 0, '', @${name}) AS ${name},`).join('\n')}
  IF(action = 'flip', latest_number, latest_number + 1) AS ${seq},
  NULLIF(latest_number, 0) AS ${spec.parent},${lineage}
  decision.* EXCEPT (outcome, latest_number, n_same_request, latest_hash),
  @author AS author,
  SESSION_USER() AS session_user,
  @change_message AS change_message,
  @request_id AS request_id,
  CURRENT_TIMESTAMP() AS created_at
FROM decision CROSS JOIN UNNEST(IF(outcome = 'written', ['insert', 'flip'], ['none'])) AS action;

MERGE {{dataset}}.${spec.table} AS target
USING write_plan AS source
ON ${keyNames.map((name) => `target.${name} = source.${name}`).join(' AND ')} AND target.${seq} = source.${seq}
WHEN MATCHED AND source.action = 'flip' THEN
  UPDATE SET
    ${spec.latestFlag} = FALSE,
    -- touching the lock row makes a first write a real update, so concurrent first writers conflict
    created_at = IF(source.${keyNames[0]} = '', source.created_at, target.created_at)
WHEN NOT MATCHED BY TARGET AND source.action = 'insert' THEN
  INSERT (
${wrap(insertColumns)}
  )
  VALUES (
${wrap(insertValues)}
  );

-- The outcome, read in the same job: what the guard decided ('written' becomes 'conflict' when a
-- concurrent writer took N+1 between the plan and the MERGE), this request's row (new, or from an
-- earlier try) and the latest row, which a refusal reports.
SELECT
  IF(
    planned.outcome = 'written'
      AND (SELECT COUNTIF(request_id = @request_id) FROM {{dataset}}.${spec.table} WHERE ${keyMatch}) = 0,
    'conflict',
    planned.outcome
  ) AS outcome,
  found.*
FROM (SELECT ANY_VALUE(outcome) AS outcome FROM write_plan) AS planned
LEFT JOIN (
  SELECT
${wrap([...tableColumns(spec).map(readSql), 'request_id = @request_id AS is_this_request'])}
  FROM {{dataset}}.${spec.table}
  WHERE ${keyMatch}
    AND (
      request_id = @request_id
      OR ${seq} = (SELECT MAX(${seq}) FROM {{dataset}}.${spec.table} WHERE ${keyMatch})
    )
) AS found ON TRUE;
`;
}

function wrap(items: readonly string[]): string {
  const lines: string[] = [];
  let line = '';
  for (const item of items) {
    const next = line ? `${line}, ${item}` : item;
    if (next.length > 96 && line) {
      lines.push(`${line},`);
      line = item;
    } else line = next;
  }
  lines.push(line);
  return lines.map((text) => `    ${text}`).join('\n');
}
