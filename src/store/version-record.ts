import type { AgentConfig, JsonValue } from '../config/agent-config.js';

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
export const VERSION_COLUMNS = `agent_id, version, agent_version_id, is_latest, parent_version, rollback_from, rollback_to,
  name, description, system_prompt, temperature, max_tokens, top_p, model, tools, mcp_servers, budgets,
  TO_JSON_STRING(policy_overrides) AS policy_overrides, TO_JSON_STRING(extra) AS extra,
  content_hash, author, session_user, change_message, request_id, created_at`;

export const SUMMARY_COLUMNS = `agent_id, version, agent_version_id, is_latest, parent_version, rollback_from, rollback_to,
  content_hash, author, session_user, change_message, request_id, created_at`;

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

const parseJsonObject = (text: unknown): Record<string, JsonValue> => (typeof text === 'string' && text !== 'null' ? JSON.parse(text) : {});

export function toVersionRecord(row: Record<string, unknown>): VersionRecord {
  const budgets = (row.budgets ?? {}) as Partial<AgentConfig['budgets']>;
  return {
    ...toVersionSummary(row),
    config: {
      name: row.name as string,
      description: row.description as string,
      system_prompt: row.system_prompt as string,
      temperature: (row.temperature as number | null) ?? null,
      max_tokens: (row.max_tokens as number | null) ?? null,
      top_p: (row.top_p as number | null) ?? null,
      model: row.model as string,
      tools: (row.tools as string[] | null) ?? [],
      mcp_servers: (row.mcp_servers as AgentConfig['mcp_servers'] | null) ?? [],
      budgets: {
        max_cost_usd_per_task: budgets.max_cost_usd_per_task ?? null,
        max_llm_calls_per_task: budgets.max_llm_calls_per_task ?? null,
        max_tokens_per_task: budgets.max_tokens_per_task ?? null,
      },
      policy_overrides: parseJsonObject(row.policy_overrides),
      extra: parseJsonObject(row.extra),
    },
  };
}
