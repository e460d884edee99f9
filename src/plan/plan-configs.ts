import type { AgentConfig, ConfigField } from '../config/agent-config.js';
import { contentHash } from '../config/parse-config.js';
import { diffConfigs } from '../diff/diff-configs.js';
import type { FieldChange } from '../diff/types.js';
import { applyRequestId } from './apply-request-id.js';
import type { ConfigFile } from './load-config-files.js';

export type PlanAction = 'create' | 'update' | 'unchanged' | 'not_in_files';

/** The version a file is compared with: the latest, or the version a label points at. */
export interface BaseVersion {
  version: number;
  config: AgentConfig;
  contentHash: string;
}

export interface AgentPlan {
  agent_id: string;
  action: PlanAction;
  /** The version the plan saw, which `apply` names as the expected version; null to create. */
  base_version: number | null;
  /** null for agents in BigQuery without a file (`not_in_files`). */
  file: string | null;
  /** Field changes from the base version to the file, for `update`; empty otherwise. */
  changes: FieldChange[];
  /** Top-level fields those changes touch, in `FIELD_GROUPS` order. */
  changed_fields: ConfigField[];
  /** For `create` and `update`: what `apply` writes, its hash, and the write's idempotency key. */
  config?: AgentConfig;
  content_hash?: string;
  request_id?: string;
}

export interface Plan {
  /** Sorted by agent id. */
  agents: AgentPlan[];
  summary: Record<PlanAction, number>;
}

function planAgent(agentId: string, file: ConfigFile | undefined, base: BaseVersion | undefined): AgentPlan {
  const noChanges = { changes: [], changed_fields: [] };
  if (!file) return { agent_id: agentId, action: 'not_in_files', base_version: base?.version ?? null, file: null, ...noChanges };
  const hash = contentHash(file.config);
  const common = { agent_id: agentId, base_version: base?.version ?? null, file: file.file };
  // The writer's own test for "no changes" is equal content hashes; the plan uses the same one.
  if (base?.contentHash === hash) return { ...common, action: 'unchanged', ...noChanges };
  const write = { config: file.config, content_hash: hash, request_id: applyRequestId(agentId, base?.version ?? null, hash) };
  if (!base) return { ...common, action: 'create', ...noChanges, ...write };
  const { changes, changedFields } = diffConfigs(base.config, file.config);
  return { ...common, action: 'update', changes, changed_fields: changedFields, ...write };
}

/**
 * What `apply` would do for each agent: create an agent that has a file but no version, update
 * one whose file differs from its base version (with the grouped field diff), leave an equal one
 * unchanged, and list agents that have versions but no file as `not_in_files` (never touched:
 * a missing file is not a delete). Pure: the caller reads the files and the base versions.
 *
 * @example
 * planConfigs(await loadConfigFiles(['agents']), new Map([['support_triage', { version: 41, config, contentHash }]]))
 * // { agents: [{ agent_id: 'support_triage', action: 'update', base_version: 41, … }], summary: { create: 0, update: 1, … } }
 */
export function planConfigs(files: readonly ConfigFile[], latestByAgent: ReadonlyMap<string, BaseVersion>): Plan {
  const fileByAgent = new Map(files.map((file) => [file.agentId, file]));
  const agentIds = [...new Set([...fileByAgent.keys(), ...latestByAgent.keys()])].sort();
  const agents = agentIds.map((agentId) => planAgent(agentId, fileByAgent.get(agentId), latestByAgent.get(agentId)));
  const summary: Record<PlanAction, number> = { create: 0, update: 0, unchanged: 0, not_in_files: 0 };
  for (const agent of agents) summary[agent.action] += 1;
  return { agents, summary };
}
