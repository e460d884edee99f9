import type { AgentConfig } from '../config/agent-config.js';
import { type ConfigFileFormat, serializeConfig } from '../config/serialize-config.js';

export interface ExportFile {
  agentId: string;
  /** File name, `<agent id>.yaml` or `.json`: the name `loadConfigFiles` takes the id from. */
  name: string;
  text: string;
}

const EXTENSIONS: Record<ConfigFileFormat, string> = { yaml: '.yaml', json: '.json' };

/**
 * The files `agentver export` writes into a folder, one per agent, sorted by agent id. Loading
 * that folder and planning it against the same versions gives all `unchanged`.
 *
 * @example exportFiles([{ agentId: 'triage', config }], 'yaml') // [{ agentId: 'triage', name: 'triage.yaml', text: 'name: …' }]
 */
export function exportFiles(agents: ReadonlyArray<{ agentId: string; config: AgentConfig }>, format: ConfigFileFormat): ExportFile[] {
  return [...agents]
    .sort((a, b) => (a.agentId < b.agentId ? -1 : a.agentId > b.agentId ? 1 : 0))
    .map(({ agentId, config }) => ({ agentId, name: `${agentId}${EXTENSIONS[format]}`, text: serializeConfig(config, format) }));
}
