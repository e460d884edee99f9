import type { Connection } from '../bigquery/connection.js';
import { param } from '../bigquery/query-parameters.js';
import { runQuery } from '../bigquery/run-query.js';
import { RELEASE_COLUMNS, type ReleaseRecord, toReleaseRecord } from './release-record.js';

/**
 * A label's current state, or null when the label was never set.
 * @example
 * await getCurrentRelease(conn, 'support_triage', 'production');
 * // SELECT … FROM {{dataset}}.agent_releases WHERE agent_id = @agent_id AND label = @label ORDER BY release_number DESC LIMIT 1
 */
export async function getCurrentRelease(connection: Connection, agentId: string, label: string): Promise<ReleaseRecord | null> {
  const { rows } = await runQuery(
    connection,
    `SELECT ${RELEASE_COLUMNS} FROM {{dataset}}.agent_releases
     WHERE agent_id = @agent_id AND label = @label AND release_number > 0
     ORDER BY release_number DESC LIMIT 1`,
    { agent_id: param.string(agentId), label: param.string(label) },
  );
  return rows[0] ? toReleaseRecord(rows[0]) : null;
}

/**
 * The state a label had at a moment (the last one created at or before it), or null when the
 * label was not set yet then. `at` is an ISO-8601 time (checked by the caller).
 */
export async function getReleaseAt(connection: Connection, agentId: string, label: string, at: string): Promise<ReleaseRecord | null> {
  const { rows } = await runQuery(
    connection,
    `SELECT ${RELEASE_COLUMNS} FROM {{dataset}}.agent_releases
     WHERE agent_id = @agent_id AND label = @label AND release_number > 0 AND created_at <= @at
     ORDER BY release_number DESC LIMIT 1`,
    { agent_id: param.string(agentId), label: param.string(label), at: param.timestamp(at) },
  );
  return rows[0] ? toReleaseRecord(rows[0]) : null;
}

/**
 * Every state of one label (or of every label, when `label` is null), newest first. The NULL
 * filter is cast: the emulator types a NULL parameter INT64 and then refuses its STRING use.
 */
export async function listReleases(connection: Connection, agentId: string, label: string | null): Promise<ReleaseRecord[]> {
  const { rows } = await runQuery(
    connection,
    `SELECT ${RELEASE_COLUMNS} FROM {{dataset}}.agent_releases
     WHERE agent_id = @agent_id AND (CAST(@label AS STRING) IS NULL OR label = CAST(@label AS STRING)) AND release_number > 0
     ORDER BY label, release_number DESC`,
    { agent_id: param.string(agentId), label: param.string(label) },
  );
  return rows.map(toReleaseRecord);
}

/** The current state of every label of an agent (or of every agent, when `agentId` is null), by agent and label. */
export async function listCurrentReleases(connection: Connection, agentId: string | null): Promise<ReleaseRecord[]> {
  const { rows } = await runQuery(
    connection,
    `SELECT ${RELEASE_COLUMNS} FROM {{dataset}}.agent_releases
     WHERE is_current AND agent_id != @lock_agent_id AND (CAST(@agent_id AS STRING) IS NULL OR agent_id = CAST(@agent_id AS STRING))
     ORDER BY agent_id, label`,
    { agent_id: param.string(agentId), lock_agent_id: param.string('') },
  );
  return rows.map(toReleaseRecord);
}
