import type { Connection } from '../bigquery/connection.js';
import type { AgentConfigInput } from '../config/agent-config.js';
import { applyPatch } from '../config/apply-patch.js';
import type { ConfigChange } from '../config/config-change.js';
import { parseConfig } from '../config/parse-config.js';
import { getLatest, getVersion } from './read-versions.js';
import { type WriteOptions, type WriteResult, writeVersion } from './write-version.js';

/**
 * Creates an agent: version 1. Fails with AlreadyExistsError if the agent exists.
 * @example
 * await createAgent(conn, 'support_triage', { name: 'Support triage', system_prompt: '…', model: 'gpt-4.1' }, { author: 'gil', message: 'first version' });
 */
export async function createAgent(
  connection: Connection,
  agentId: string,
  config: AgentConfigInput,
  options: WriteOptions,
): Promise<WriteResult> {
  return writeVersion(connection, { ...options, agentId, expectedVersion: 0, config: parseConfig(config) });
}

export interface EditOptions extends WriteOptions {
  /** The version this edit is based on; the write fails with ConflictError if another came first. */
  expectedVersion?: number;
  allowUnchanged?: boolean;
}

/**
 * Writes a new version from a whole config or a patch. A patch applies to the expected version
 * (or the latest) and is always guarded by that version, so no concurrent change is overwritten.
 * A whole config without expectedVersion replaces whatever is latest.
 */
export async function editAgent(
  connection: Connection,
  agentId: string,
  change: ConfigChange | { config: AgentConfigInput },
  options: EditOptions,
): Promise<WriteResult> {
  if ('patch' in change) {
    const base =
      options.expectedVersion === undefined
        ? await getLatest(connection, agentId)
        : await getVersion(connection, agentId, options.expectedVersion);
    const config = applyPatch(base.config, change.patch);
    return writeVersion(connection, { ...options, agentId, expectedVersion: base.version, config });
  }
  return writeVersion(connection, {
    ...options,
    agentId,
    expectedVersion: options.expectedVersion ?? null,
    config: parseConfig(change.config),
  });
}

export interface RollbackOptions extends Partial<WriteOptions> {
  author: string;
  /** The version being replaced; without it, whatever is latest is replaced. */
  expectedVersion?: number;
  allowUnchanged?: boolean;
}

/**
 * Appends a version that is an exact copy of version `to` (copied inside BigQuery, in the same
 * job as the write), with rollback_from = the version it replaced and rollback_to = `to`.
 */
export async function rollbackAgent(connection: Connection, agentId: string, to: number, options: RollbackOptions): Promise<WriteResult> {
  return writeVersion(connection, {
    ...options,
    message: options.message ?? `rollback to version ${to}`,
    agentId,
    expectedVersion: options.expectedVersion ?? null,
    rollbackTo: to,
  });
}
