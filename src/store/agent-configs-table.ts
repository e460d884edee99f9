import { CONFIG_COLUMNS, CONFIG_FIELDS } from '../config/agent-config.js';
import type { AppendOnlyTable } from './append-only-table.js';

/**
 * agent_configs: one row per version of an agent's configuration, append-only. Key (agent_id,
 * version), enforced by the write script and the Dataform assertions (BigQuery enforces no keys).
 * Its config columns are CONFIG_COLUMNS, so a field declared there is a column here.
 */
export const AGENT_CONFIGS: AppendOnlyTable = {
  table: 'agent_configs',
  description: 'append-only versions of agent configurations',
  key: [{ name: 'agent_id', type: 'STRING', required: true, description: "The agent; '' on the lock row." }],
  sequence: 'version',
  latestFlag: 'is_latest',
  parent: 'parent_version',
  derived: [
    {
      name: 'agent_version_id',
      type: 'STRING',
      required: true,
      description: "'<agent_id>@<version>', carried by every telemetry row.",
      sql: (column) => `CONCAT(${column('agent_id')}, '@', CAST(${column('version')} AS STRING))`,
    },
  ],
  copy: { from: 'rollback_from', to: 'rollback_to' },
  payload: CONFIG_FIELDS.map((field) => ({ name: field, ...CONFIG_COLUMNS[field] })),
  clusterBy: ['agent_id'],
  writeScript: 'write_version.sql',
};
