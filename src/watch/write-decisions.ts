import type { Connection } from '../bigquery/connection.js';
import { param } from '../bigquery/query-parameters.js';
import { runQuery } from '../bigquery/run-query.js';
import type { RolloutDecision } from '../rollout/decide-rollout.js';

/** One release_decisions row as watch writes it (decided_at and session_user come from the server). */
export interface DecisionRow {
  agent_id: string;
  label: string;
  release_number: number;
  canary_release_number: number;
  decision: RolloutDecision['decision'];
  reason: string;
  srm_p_value: number;
  /** The RolloutDecision and the look it was made at. */
  evidence: unknown;
  method: string;
  applied: boolean;
  applied_release_number: number | null;
  apply_note: string;
}

/** The rows' columns, each read from a row's JSON text by its name (JSON_VALUE), cast to the column's type. */
const COLUMNS: ReadonlyArray<[keyof DecisionRow, string]> = [
  ['agent_id', 'STRING'],
  ['label', 'STRING'],
  ['release_number', 'INT64'],
  ['canary_release_number', 'INT64'],
  ['decision', 'STRING'],
  ['reason', 'STRING'],
  ['srm_p_value', 'FLOAT64'],
  ['method', 'STRING'],
  ['applied', 'BOOL'],
  ['applied_release_number', 'INT64'],
  ['apply_note', 'STRING'],
];

/**
 * Writes every row of one watch run to release_decisions in one job: the rows travel as one
 * ARRAY<STRING> parameter of JSON objects (a parameter cannot carry STRUCTs here, nor NULLs in
 * an array) and are unpacked with JSON_VALUE, the evidence with JSON_QUERY; every value is a
 * parameter. No rows, no job.
 * @example
 * await writeDecisions(conn, { requestId: 'watch-…', author: 'scheduler@acme', rows: [{ agent_id: 'support_triage', … }] });
 * // INSERT INTO {{dataset}}.release_decisions (…) SELECT CURRENT_TIMESTAMP(), @request_id, … FROM UNNEST(@rows) AS row
 */
export async function writeDecisions(
  connection: Connection,
  run: { requestId: string; author: string; rows: readonly DecisionRow[] },
): Promise<void> {
  if (run.rows.length === 0) return;
  const values = COLUMNS.map(([name, type]) =>
    type === 'STRING' ? `JSON_VALUE(row, '$.${name}')` : `CAST(JSON_VALUE(row, '$.${name}') AS ${type})`,
  );
  await runQuery(
    connection,
    `INSERT INTO {{dataset}}.release_decisions
       (decided_at, request_id, ${COLUMNS.map(([name]) => name).join(', ')}, evidence, author, session_user)
     SELECT CURRENT_TIMESTAMP(), @request_id, ${values.join(', ')},
       PARSE_JSON(JSON_QUERY(row, '$.evidence')), @author, SESSION_USER()
     FROM UNNEST(@rows) AS row`,
    {
      request_id: param.string(run.requestId),
      author: param.string(run.author),
      rows: param.stringArray(run.rows.map((row) => JSON.stringify(row))),
    },
  );
}
