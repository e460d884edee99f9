import type { AgentConfig, ConfigField } from '../config/agent-config.js';
import { fieldDefault } from '../config/parse-config.js';
import { AGENT_CONFIGS } from './agent-configs-table.js';
import { readColumns, tableColumns } from './append-only-table.js';
import { decodeColumn, readSql } from './column-sql.js';

/** One row of agent_configs: a version's full config and where it came from. */
export interface VersionRecord {
  agentId: string;
  version: number;
  /** `<agent_id>@<version>`, carried by every telemetry row. */
  agentVersionId: string;
  isLatest: boolean;
  parentVersion: number | null;
  /** For a rollback: the version it replaced. */
  rollbackFrom: number | null;
  /** For a rollback: the version whose config it copied. */
  rollbackTo: number | null;
  config: AgentConfig;
  contentHash: string;
  author: string;
  /** SESSION_USER() as BigQuery saw the writer ("dummy" on the emulator). */
  sessionUser: string | null;
  changeMessage: string;
  requestId: string;
  /** ISO-8601 with microseconds. */
  createdAt: string;
}

/** A version without its config: what history lists. */
export type VersionSummary = Omit<VersionRecord, 'config'>;

/** The agent_configs columns a VersionRecord is read from; JSON columns as TO_JSON_STRING text. */
export const VERSION_COLUMNS = readColumns(AGENT_CONFIGS);

const PAYLOAD = new Set(AGENT_CONFIGS.payload.map((column) => column.name));
export const SUMMARY_COLUMNS = tableColumns(AGENT_CONFIGS)
  .filter((column) => !PAYLOAD.has(column.name))
  .map(readSql)
  .join(', ');

export function toVersionSummary(row: Record<string, unknown>): VersionSummary {
  return {
    agentId: row.agent_id as string,
    version: row.version as number,
    agentVersionId: row.agent_version_id as string,
    isLatest: row.is_latest as boolean,
    parentVersion: (row.parent_version as number | null) ?? null,
    rollbackFrom: (row.rollback_from as number | null) ?? null,
    rollbackTo: (row.rollback_to as number | null) ?? null,
    contentHash: row.content_hash as string,
    author: row.author as string,
    sessionUser: (row.session_user as string | null) ?? null,
    changeMessage: row.change_message as string,
    requestId: row.request_id as string,
    createdAt: row.created_at as string,
  };
}

export function toVersionRecord(row: Record<string, unknown>): VersionRecord {
  const config = Object.fromEntries(
    AGENT_CONFIGS.payload.map((column) => [
      column.name,
      decodeColumn(column, row[column.name]) ?? fieldDefault(column.name as ConfigField),
    ]),
  );
  return { ...toVersionSummary(row), config: config as AgentConfig };
}
