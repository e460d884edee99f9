import type { Connection } from '../bigquery/connection.js';
import { param } from '../bigquery/query-parameters.js';
import { runQuery } from '../bigquery/run-query.js';
import { CONFIG_FIELDS, type ConfigField } from '../config/agent-config.js';
import { NotFoundError } from '../errors/not-found-error.js';
import { ValidationError } from '../errors/validation-error.js';
import { loadSql } from './load-sql.js';
import { getLatest } from './read-versions.js';

export interface FieldChangeRecord {
  field: ConfigField;
  /** The version whose write gave the field its value. */
  version: number;
  author: string;
  createdAt: string;
  changeMessage: string;
  /** Set when that version was a rollback: the version it copied. */
  rollbackTo: number | null;
}

/**
 * Blame: for each config field, the version, author and time of its last change. Computed in
 * BigQuery (sql/blame.sql, LAG over versions), so it reads one row per field, not every version.
 * With `field`, every change of that field, newest first.
 * @example
 * await blameAgent(conn, 'support_triage');            // one row per field
 * await blameAgent(conn, 'support_triage', 'tools');   // the history of tools
 */
export async function blameAgent(connection: Connection, agentId: string, field?: string): Promise<FieldChangeRecord[]> {
  if (field !== undefined && !CONFIG_FIELDS.includes(field as ConfigField)) {
    throw new ValidationError([{ field: 'field', rule: `must be one of ${CONFIG_FIELDS.join(', ')}; got "${field}"` }], 'blame');
  }
  await getLatest(connection, agentId); // not found, named as such, rather than an empty blame
  const { rows } = await runQuery(connection, loadSql('blame.sql'), { agent_id: param.string(agentId), field: param.string(field ?? '') });
  const order = (name: unknown) => CONFIG_FIELDS.indexOf(name as ConfigField);
  const records = rows.map((row) => ({
    field: row.field as ConfigField,
    version: row.version as number,
    author: row.author as string,
    createdAt: row.created_at as string,
    changeMessage: row.change_message as string,
    rollbackTo: (row.rollback_to as number | null) ?? null,
  }));
  if (records.length === 0) throw new NotFoundError({ agentId });
  return records.sort((a, b) => order(a.field) - order(b.field) || b.version - a.version);
}
