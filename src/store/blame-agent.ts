import type { Connection } from '../bigquery/connection.js';
import { param } from '../bigquery/query-parameters.js';
import { runQuery } from '../bigquery/run-query.js';
import { CONFIG_COLUMNS, CONFIG_FIELDS, type ConfigField } from '../config/agent-config.js';
import { NotFoundError } from '../errors/not-found-error.js';
import { ValidationError } from '../errors/validation-error.js';
import { AGENT_CONFIGS } from './agent-configs-table.js';
import { readSql } from './column-sql.js';
import { loadSql } from './load-sql.js';
import { getLatest } from './read-versions.js';

export interface FieldChangeRecord {
  /** A config field, or a dotted path into one (`budgets.max_cost_usd_per_task`, `extra.team`). */
  field: string;
  /** The version whose write gave the field its value. */
  version: number;
  author: string;
  createdAt: string;
  changeMessage: string;
  /** Set when that version was a rollback: the version it copied. */
  rollbackTo: number | null;
}

/** Fields with sub-fields a path can reach: STRUCT members and JSON keys (as `edit --set` and `diff` name them). */
const NESTED = CONFIG_FIELDS.filter((field) => {
  const { type } = CONFIG_COLUMNS[field];
  return type === 'JSON' || (typeof type === 'object' && 'struct' in type);
});

function checkField(field: string): [ConfigField, string[]] {
  const [top, ...path] = field.split('.');
  if (!CONFIG_FIELDS.includes(top as ConfigField)) {
    throw new ValidationError(
      [{ field: 'field', rule: `must be one of ${CONFIG_FIELDS.join(', ')} (or a path into ${NESTED.join(', ')}); got "${field}"` }],
      'blame',
    );
  }
  if (path.length > 0 && (!NESTED.includes(top as ConfigField) || path.some((part) => part === ''))) {
    throw new ValidationError(
      [{ field: 'field', rule: `${top} has no sub-fields; paths reach into ${NESTED.join(', ')}; got "${field}"` }],
      'blame',
    );
  }
  return [top as ConfigField, path];
}

const valueAt = (value: unknown, path: readonly string[]): string =>
  JSON.stringify(
    path.reduce<unknown>(
      (node, key) =>
        node !== null && typeof node === 'object' && !Array.isArray(node) ? (node as Record<string, unknown>)[key] : undefined,
      value,
    ) ?? null,
  );

/**
 * Blame: for each config field, the version, author and time of its last change. Computed in
 * BigQuery (sql/blame.sql, LAG over versions), so it reads one row per field, not every version.
 * With `field`, every change of that field, newest first; with a path into a field, every change
 * of that part, found among the field's changes (a part changes only when its field does).
 * @example
 * await blameAgent(conn, 'support_triage');                                 // one row per field
 * await blameAgent(conn, 'support_triage', 'tools');                        // the history of tools
 * await blameAgent(conn, 'support_triage', 'budgets.max_cost_usd_per_task'); // the history of one budget
 */
export async function blameAgent(connection: Connection, agentId: string, field?: string): Promise<FieldChangeRecord[]> {
  const [top, path] = field === undefined ? [undefined, []] : checkField(field);
  await getLatest(connection, agentId); // not found, named as such, rather than an empty blame
  const { rows } = await runQuery(connection, loadSql('blame.sql'), { agent_id: param.string(agentId), field: param.string(top ?? '') });
  const order = (name: string) => CONFIG_FIELDS.indexOf(name as ConfigField);
  const records = rows.map((row) => ({
    field: row.field as string,
    version: row.version as number,
    author: row.author as string,
    createdAt: row.created_at as string,
    changeMessage: row.change_message as string,
    rollbackTo: (row.rollback_to as number | null) ?? null,
  }));
  if (records.length === 0) throw new NotFoundError({ agentId });
  records.sort((a, b) => order(a.field) - order(b.field) || b.version - a.version);
  return top !== undefined && path.length > 0 ? blamePath(connection, agentId, top, path, records) : records;
}

/** Of the versions that changed `top`, those that changed the part at `path`, newest first. */
async function blamePath(
  connection: Connection,
  agentId: string,
  top: ConfigField,
  path: readonly string[],
  changes: FieldChangeRecord[],
): Promise<FieldChangeRecord[]> {
  const column = AGENT_CONFIGS.payload.find((candidate) => candidate.name === top);
  const { rows } = await runQuery(
    connection,
    `SELECT version, ${readSql(column as (typeof AGENT_CONFIGS.payload)[number])} FROM {{dataset}}.agent_configs
     WHERE agent_id = @agent_id AND version IN (SELECT CAST(v AS INT64) FROM UNNEST(@versions) AS v)`,
    { agent_id: param.string(agentId), versions: param.stringArray(changes.map((change) => String(change.version))) },
  );
  const decode = (value: unknown) => (CONFIG_COLUMNS[top].type === 'JSON' && typeof value === 'string' ? JSON.parse(value) : value);
  const values = new Map(rows.map((row) => [row.version as number, valueAt(decode(row[top]), path)]));
  const oldestFirst = [...changes].reverse();
  const dotted = [top, ...path].join('.');
  return oldestFirst
    .filter((change, index) => index === 0 || values.get(change.version) !== values.get(oldestFirst[index - 1]?.version as number))
    .reverse()
    .map((change) => ({ ...change, field: dotted }));
}
