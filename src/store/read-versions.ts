import type { Connection } from '../bigquery/connection.js';
import { isCalendarDate } from '../bigquery/identifiers.js';
import { param } from '../bigquery/query-parameters.js';
import { runQuery } from '../bigquery/run-query.js';
import { agentIdSchema } from '../config/agent-config.js';
import { NotFoundError } from '../errors/not-found-error.js';
import { ValidationError } from '../errors/validation-error.js';
import {
  SUMMARY_COLUMNS,
  toVersionRecord,
  toVersionSummary,
  VERSION_COLUMNS,
  type VersionRecord,
  type VersionSummary,
} from './version-record.js';

export function checkAgentId(agentId: string): void {
  const result = agentIdSchema.safeParse(agentId);
  if (!result.success) throw ValidationError.fromZod(result.error, 'agent id', ['agent_id']);
}

function checkVersion(version: number): void {
  if (!Number.isSafeInteger(version) || version < 1)
    throw new ValidationError([{ field: 'version', rule: `must be an integer >= 1, got ${version}` }], 'version');
}

const ISO_TIME = /^\d{4}-\d\d-\d\d([T ]\d\d:\d\d(:\d\d(\.\d{1,9})?)?)?(Z|[+-]\d\d:?\d\d)?$/;

/** Checks a moment to look up ("as of"), as an ISO-8601 string: a string keeps its microseconds (created_at has them; a Date has milliseconds). */
export function checkTime(at: Date | string): string {
  const text = typeof at === 'string' ? at.trim() : at.toISOString();
  if (!ISO_TIME.test(text) || Number.isNaN(Date.parse(text)) || !isCalendarDate(text)) {
    throw new ValidationError([{ field: 'at', rule: `must be an ISO-8601 time such as 2026-11-20T09:00:00Z, got "${text}"` }], 'time');
  }
  return text;
}

/**
 * One version of an agent.
 * @example
 * await getVersion(conn, 'support_triage', 42);
 * // SELECT … FROM {{dataset}}.agent_configs WHERE agent_id = @agent_id AND version = @version
 */
export async function getVersion(connection: Connection, agentId: string, version: number): Promise<VersionRecord> {
  checkAgentId(agentId);
  checkVersion(version);
  const { rows } = await runQuery(
    connection,
    `SELECT ${VERSION_COLUMNS} FROM {{dataset}}.agent_configs WHERE agent_id = @agent_id AND version = @version`,
    { agent_id: param.string(agentId), version: param.int64(version) },
  );
  const row = rows[0];
  if (!row) {
    throw new NotFoundError({ agentId, version, latestVersion: await getLatestVersionNumber(connection, agentId) });
  }
  return toVersionRecord(row);
}

async function getLatestVersionNumber(connection: Connection, agentId: string): Promise<number> {
  const { rows } = await runQuery<{ latest: number | null }>(
    connection,
    'SELECT MAX(version) AS latest FROM {{dataset}}.agent_configs WHERE agent_id = @agent_id',
    {
      agent_id: param.string(agentId),
    },
  );
  return rows[0]?.latest ?? 0;
}

/**
 * The latest version: the highest version number (the invariant makes it the is_latest row too).
 * @example
 * await getLatest(conn, 'support_triage');
 * // SELECT … FROM {{dataset}}.agent_configs WHERE agent_id = @agent_id ORDER BY version DESC LIMIT 1
 */
export async function getLatest(connection: Connection, agentId: string): Promise<VersionRecord> {
  checkAgentId(agentId);
  const { rows } = await runQuery(
    connection,
    `SELECT ${VERSION_COLUMNS} FROM {{dataset}}.agent_configs WHERE agent_id = @agent_id ORDER BY version DESC LIMIT 1`,
    {
      agent_id: param.string(agentId),
    },
  );
  if (!rows[0]) throw new NotFoundError({ agentId });
  return toVersionRecord(rows[0]);
}

/**
 * The version that was live at a moment: the last one created at or before it.
 * @example
 * await getVersionAt(conn, 'support_triage', new Date('2026-11-20T09:00:00Z'));
 * // SELECT … WHERE agent_id = @agent_id AND created_at <= @at ORDER BY version DESC LIMIT 1
 */
export async function getVersionAt(connection: Connection, agentId: string, at: Date | string): Promise<VersionRecord> {
  checkAgentId(agentId);
  const label = checkTime(at);
  const { rows } = await runQuery(
    connection,
    `SELECT ${VERSION_COLUMNS} FROM {{dataset}}.agent_configs
     WHERE agent_id = @agent_id AND created_at <= @at
     ORDER BY version DESC LIMIT 1`,
    { agent_id: param.string(agentId), at: param.timestamp(label) },
  );
  if (!rows[0]) {
    throw new NotFoundError({ agentId, at: label, latestVersion: await getLatestVersionNumber(connection, agentId) });
  }
  return toVersionRecord(rows[0]);
}

export interface HistoryOptions {
  /** Newest first; at most this many (default: all). */
  limit?: number;
}

/**
 * Every version of an agent, newest first, without the configs.
 * @example
 * await listHistory(conn, 'support_triage', { limit: 20 });
 * // SELECT agent_id, version, … FROM {{dataset}}.agent_configs WHERE agent_id = @agent_id ORDER BY version DESC LIMIT @limit
 */
export async function listHistory(connection: Connection, agentId: string, options: HistoryOptions = {}): Promise<VersionSummary[]> {
  checkAgentId(agentId);
  const limit = options.limit ?? Number.MAX_SAFE_INTEGER;
  if (!Number.isSafeInteger(limit) || limit < 1)
    throw new ValidationError([{ field: 'limit', rule: 'must be an integer >= 1' }], 'history');
  const { rows } = await runQuery(
    connection,
    `SELECT ${SUMMARY_COLUMNS} FROM {{dataset}}.agent_configs WHERE agent_id = @agent_id ORDER BY version DESC LIMIT @limit`,
    { agent_id: param.string(agentId), limit: param.int64(limit) },
  );
  if (rows.length === 0) throw new NotFoundError({ agentId });
  return rows.map(toVersionSummary);
}

/** Two versions in one query, for diff. */
export async function getVersionPair(
  connection: Connection,
  agentId: string,
  from: number,
  to: number,
): Promise<[VersionRecord, VersionRecord]> {
  checkAgentId(agentId);
  checkVersion(from);
  checkVersion(to);
  const { rows } = await runQuery(
    connection,
    `SELECT ${VERSION_COLUMNS} FROM {{dataset}}.agent_configs WHERE agent_id = @agent_id AND (version = @from OR version = @to)`,
    {
      agent_id: param.string(agentId),
      from: param.int64(from),
      to: param.int64(to),
    },
  );
  const records = rows.map(toVersionRecord);
  const a = records.find((record) => record.version === from);
  const b = records.find((record) => record.version === to);
  if (!a || !b) {
    throw new NotFoundError({ agentId, version: a ? to : from, latestVersion: await getLatestVersionNumber(connection, agentId) });
  }
  return [a, b];
}

export interface AgentSummary {
  agentId: string;
  latestVersion: number;
  name: string;
  model: string;
  updatedAt: string;
  updatedBy: string;
}

/** Every agent with its latest version. */
export async function listAgents(connection: Connection): Promise<AgentSummary[]> {
  const { rows } = await runQuery(
    connection,
    `SELECT agent_id, version, name, model, created_at, author FROM {{dataset}}.agent_configs
     WHERE is_latest AND agent_id != @lock_agent_id ORDER BY agent_id`,
    { lock_agent_id: param.string('') },
  );
  return rows.map((row) => ({
    agentId: row.agent_id as string,
    latestVersion: row.version as number,
    name: row.name as string,
    model: row.model as string,
    updatedAt: row.created_at as string,
    updatedBy: row.author as string,
  }));
}

/**
 * Every agent's latest version, config included, sorted by agent id: what plan and export compare with.
 * @example
 * await getLatestVersions(conn);
 * // SELECT … FROM {{dataset}}.agent_configs WHERE is_latest AND agent_id != @lock_agent_id ORDER BY agent_id
 */
export async function getLatestVersions(connection: Connection): Promise<VersionRecord[]> {
  const { rows } = await runQuery(
    connection,
    `SELECT ${VERSION_COLUMNS} FROM {{dataset}}.agent_configs WHERE is_latest AND agent_id != @lock_agent_id ORDER BY agent_id`,
    { lock_agent_id: param.string('') },
  );
  return rows.map(toVersionRecord);
}

/**
 * Every version of an agent, configs included, oldest first (for scanning what is stored).
 * @example
 * await listVersions(conn, 'support_triage');
 */
export async function listVersions(connection: Connection, agentId: string): Promise<VersionRecord[]> {
  checkAgentId(agentId);
  const { rows } = await runQuery(
    connection,
    `SELECT ${VERSION_COLUMNS} FROM {{dataset}}.agent_configs WHERE agent_id = @agent_id AND version > 0 ORDER BY version`,
    { agent_id: param.string(agentId) },
  );
  if (rows.length === 0) throw new NotFoundError({ agentId });
  return rows.map(toVersionRecord);
}
