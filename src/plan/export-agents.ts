import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { Connection } from '../bigquery/connection.js';
import type { ConfigFileFormat } from '../config/serialize-config.js';
import { getLatestVersions } from '../store/read-versions.js';
import { exportFiles } from './export-files.js';

export interface ExportedFile {
  agent_id: string;
  version: number;
  path: string;
}

/**
 * `agentver export`: every agent's latest config as a file in `dir` (created if missing), in the
 * format `plan` reads, so that `plan` right after `export` says "in sync". One query.
 * @example
 * await exportAgents(conn, 'agents', 'yaml') // [{ agent_id: 'triage', version: 42, path: 'agents/triage.yaml' }]
 */
export async function exportAgents(connection: Connection, dir: string, format: ConfigFileFormat): Promise<ExportedFile[]> {
  const latest = await getLatestVersions(connection);
  const versions = new Map(latest.map((record) => [record.agentId, record.version]));
  await mkdir(resolve(dir), { recursive: true });
  const written: ExportedFile[] = [];
  for (const file of exportFiles(latest, format)) {
    const path = join(dir, file.name);
    await writeFile(path, file.text);
    written.push({ agent_id: file.agentId, version: versions.get(file.agentId) as number, path });
  }
  return written;
}
