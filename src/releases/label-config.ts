import type { Connection } from '../bigquery/connection.js';
import { checkAgentId, checkTime, getLatest, getVersion, getVersionAt, getVersionPair } from '../store/read-versions.js';
import type { VersionRecord } from '../store/version-record.js';
import { checkReadableLabel, LATEST_LABEL } from './label-name.js';
import { labelNotFound } from './label-not-found.js';
import { getCurrentRelease, getReleaseAt } from './read-releases.js';
import type { ReleaseRecord, Route } from './release-record.js';

/** One arm of what a label served: its version, share and config. */
export interface ServedRoute extends Route {
  record: VersionRecord;
}

/** What a label served, now or at a moment: its state and each routed version's config. */
export interface LabelConfig {
  agentId: string;
  label: string;
  /** The moment asked for (null: now). */
  at: string | null;
  /** The label's state then; null for the built-in label `latest`, which has no releases. */
  release: ReleaseRecord | null;
  /** One route in a release, baseline then candidate in a canary. */
  routes: ServedRoute[];
}

/**
 * The config a label served: its state now (or the last one created at or before `at`) and the
 * config of every version it routed to, with their shares. `latest` is the newest version (at
 * `at`: the newest version then). Two or three queries.
 * @example
 * await getLabelConfig(conn, 'support_triage', 'production', { at: '2026-11-20T09:00:00Z' });
 * // { release: { releaseNumber: 3, kind: 'canary', … }, routes: [{ version: 41, arm: 'baseline', percent: 90, record }, { version: 42, arm: 'candidate', percent: 10, record }] }
 */
export async function getLabelConfig(
  connection: Connection,
  agentId: string,
  label: string,
  options: { at?: Date | string } = {},
): Promise<LabelConfig> {
  checkAgentId(agentId);
  const name = checkReadableLabel(label);
  const at = options.at === undefined ? null : checkTime(options.at);
  if (name === LATEST_LABEL) {
    const record = at === null ? await getLatest(connection, agentId) : await getVersionAt(connection, agentId, at);
    return { agentId, label: name, at, release: null, routes: [{ version: record.version, arm: null, percent: 100, record }] };
  }
  const release = at === null ? await getCurrentRelease(connection, agentId, name) : await getReleaseAt(connection, agentId, name, at);
  if (!release) {
    throw await labelNotFound(
      connection,
      agentId,
      name,
      `See when it was set with agentver labels ${agentId} --history ${name}`,
      at ?? undefined,
    );
  }
  const [first, second] = release.routes;
  const records: VersionRecord[] = second
    ? await getVersionPair(connection, agentId, (first as Route).version, second.version)
    : [await getVersion(connection, agentId, (first as Route).version)];
  return {
    agentId,
    label: name,
    at,
    release,
    routes: release.routes.map((route, index) => ({ ...route, record: records[index] as VersionRecord })),
  };
}
