import type { Connection } from '../bigquery/connection.js';
import { assertNoSecrets } from '../secrets/assert-no-secrets.js';
import { getLatestVersions } from '../store/read-versions.js';
import { type LoadConfigFilesOptions, loadConfigFiles } from './load-config-files.js';
import { type Plan, planConfigs } from './plan-configs.js';

/**
 * `agentver plan`: the files' configs against every agent's latest version, in two reads (the
 * files, one query). Files are checked, and scanned for credentials (a bad one refused, exit 2),
 * before BigQuery is read.
 * @example
 * await planAgents(conn, ['agents/']) // { agents: [{ agent_id: 'triage', action: 'update', base_version: 41, … }], summary }
 */
export async function planAgents(
  connection: Connection,
  paths: readonly string[],
  options: LoadConfigFilesOptions & { allowSecrets?: readonly string[] } = {},
): Promise<Plan> {
  const files = await loadConfigFiles(paths, options);
  // A file apply would refuse is refused here, before its config is printed into a pull request.
  for (const file of files) await assertNoSecrets(file.config, { allow: options.allowSecrets ?? [] });
  const latest = await getLatestVersions(connection);
  return planConfigs(files, new Map(latest.map((record) => [record.agentId, record])));
}
