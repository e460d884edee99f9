import type { Connection } from '../bigquery/connection.js';
import { param } from '../bigquery/query-parameters.js';
import { runQuery } from '../bigquery/run-query.js';
import { RELEASE_COLUMNS, type ReleaseRecord, toReleaseRecord } from '../releases/release-record.js';

/** A canary a label runs now: its current state, and the state (and time) it began at. */
export interface RunningCanary {
  /** The label's current state (kind 'canary'). */
  release: ReleaseRecord;
  /** The first state with the canary's assignment salt: a ramp keeps it (the canary's key in the marts). */
  canaryReleaseNumber: number;
  /** ISO-8601: when that first state was written; the canary counts runs from then. */
  startedAt: string;
}

/**
 * Every running canary (a label whose current state is a canary) of one agent or all, of one
 * label or all, with the state its salt started at, in one query on agent_releases (one row per
 * state: small). NULL filters are cast: the emulator types a NULL parameter INT64.
 * @example
 * await loadRunningCanaries(conn, { agentId: 'support_triage', label: null });
 * // [{ release: { label: 'production', releaseNumber: 12, kind: 'canary', … }, canaryReleaseNumber: 11, startedAt: '2026-…' }]
 */
export async function loadRunningCanaries(
  connection: Connection,
  filter: { agentId: string | null; label: string | null },
): Promise<RunningCanary[]> {
  const { rows } = await runQuery(
    connection,
    `SELECT ${RELEASE_COLUMNS}, canary_release_number, canary_started_at
     FROM (
       SELECT
         *,
         MIN(release_number) OVER canary AS canary_release_number,
         MIN(created_at) OVER canary AS canary_started_at
       FROM {{dataset}}.agent_releases
       WHERE kind = 'canary' AND release_number > 0
         AND (CAST(@agent_id AS STRING) IS NULL OR agent_id = CAST(@agent_id AS STRING))
         AND (CAST(@label AS STRING) IS NULL OR label = CAST(@label AS STRING))
       WINDOW canary AS (PARTITION BY agent_id, label, assignment_salt)
     )
     WHERE is_current
     ORDER BY agent_id, label`,
    { agent_id: param.string(filter.agentId), label: param.string(filter.label) },
  );
  return rows.map((row) => ({
    release: toReleaseRecord(row),
    canaryReleaseNumber: row.canary_release_number as number,
    startedAt: row.canary_started_at as string,
  }));
}
