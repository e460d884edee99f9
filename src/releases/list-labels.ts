import type { Connection } from '../bigquery/connection.js';
import { param } from '../bigquery/query-parameters.js';
import { runQuery } from '../bigquery/run-query.js';
import { NotFoundError } from '../errors/not-found-error.js';
import { checkAgentId } from '../store/read-versions.js';
import { checkLabelName } from './label-name.js';
import { labelNotFound } from './label-not-found.js';
import { listReleases } from './read-releases.js';
import { RELEASE_COLUMNS, type ReleaseRecord, toReleaseRecord } from './release-record.js';

/** An agent's labels: the built-in `latest` (its newest version) and every label's current state. */
export interface AgentLabels {
  agentId: string;
  /** The version the built-in label `latest` serves. */
  latestVersion: number;
  /** Every label's current state, by label name. */
  labels: ReleaseRecord[];
}

/**
 * Every label of an agent with its routes (version and share), release number, author and time,
 * and the version `latest` serves, in one query.
 * @example
 * await listLabels(conn, 'support_triage');
 * // SELECT v.latest_version, r.* FROM (SELECT MAX(version) …) AS v LEFT JOIN (SELECT … WHERE is_current …) AS r ON TRUE
 */
export async function listLabels(connection: Connection, agentId: string): Promise<AgentLabels> {
  checkAgentId(agentId);
  // A one-row join: the newest version comes back even when the agent has no label.
  const { rows } = await runQuery(
    connection,
    `SELECT v.latest_version, r.*
     FROM (SELECT MAX(version) AS latest_version FROM {{dataset}}.agent_configs WHERE agent_id = @agent_id AND version > 0) AS v
     LEFT JOIN (
       SELECT ${RELEASE_COLUMNS} FROM {{dataset}}.agent_releases WHERE is_current AND agent_id = @agent_id AND release_number > 0
     ) AS r ON TRUE
     ORDER BY r.label`,
    { agent_id: param.string(agentId) },
  );
  const latestVersion = (rows[0]?.latest_version as number | null) ?? 0;
  if (latestVersion === 0) throw new NotFoundError({ agentId });
  const labels = rows.filter((row) => row.release_number !== null && row.release_number !== undefined).map(toReleaseRecord);
  return { agentId, latestVersion, labels };
}

/**
 * A label's states, newest first (or every label's, by label, when `label` is null): the
 * pointer's history as data. A label never set is a NotFoundError.
 * @example
 * await labelHistory(conn, 'support_triage', 'production');
 * // [{ releaseNumber: 4, kind: 'promote', … }, { releaseNumber: 3, kind: 'canary', … }, …]
 */
export async function labelHistory(connection: Connection, agentId: string, label: string | null): Promise<ReleaseRecord[]> {
  checkAgentId(agentId);
  const checked = label === null ? null : checkLabelName(label);
  const releases = await listReleases(connection, agentId, checked);
  if (releases.length > 0) return releases;
  if (checked === null) {
    await listLabels(connection, agentId);
    return [];
  }
  throw await labelNotFound(connection, agentId, checked, `List the agent's labels with agentver labels ${agentId}`);
}
