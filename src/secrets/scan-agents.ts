import type { Connection } from '../bigquery/connection.js';
import { getLatestVersions, listVersions } from '../store/read-versions.js';
import type { ScannedConfig } from './render-findings.js';
import { scanConfigForSecrets } from './scan-config.js';

/**
 * `agentver scan`: every stored version of the agents (one agent, or all of them) scanned for
 * credentials, as writes are scanned now; for versions written before scanning existed, or
 * with a secret allowed on purpose. One query per agent; configs only, never run rows.
 * @example
 * await scanAgents(conn, ['support_triage']) // [{ source: 'support_triage@1', findings: [] }, …]
 */
export async function scanAgents(connection: Connection, agentIds?: readonly string[]): Promise<ScannedConfig[]> {
  const ids = agentIds ?? (await getLatestVersions(connection)).map((record) => record.agentId);
  const scanned: ScannedConfig[] = [];
  for (const agentId of ids) {
    for (const record of await listVersions(connection, agentId)) {
      scanned.push({ source: record.agentVersionId, findings: await scanConfigForSecrets(record.config) });
    }
  }
  return scanned;
}
