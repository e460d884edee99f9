import { createHash, randomUUID } from 'node:crypto';
import { type Connection, createAgent, editAgent, releaseLabel, startCanary } from 'agentver';
import { AGENT_RELEASES } from '../../src/releases/agent-releases-table.js';
import { getCurrentRelease } from '../../src/releases/read-releases.js';
import type { ReleaseKind } from '../../src/releases/release-record.js';
import { appendRow } from '../../src/store/append-writer.js';
import { columnParams } from '../../src/store/column-sql.js';

export interface FixtureState {
  kind: ReleaseKind;
  version: number;
  candidate_version?: number;
  candidate_percent?: number;
  assignment_salt?: string;
}

/**
 * Appends a label state through the generic writer (not the release commands, which are built
 * elsewhere), based on the current state, and returns its release number.
 */
export async function writeLabelState(connection: Connection, agentId: string, label: string, state: FixtureState): Promise<number> {
  const payload = Object.assign(
    { content_hash: { type: 'STRING' as const, value: createHash('sha256').update(JSON.stringify(state)).digest('hex') } },
    ...AGENT_RELEASES.payload.map((column) => columnParams(column, state[column.name as keyof FixtureState] ?? null)),
  );
  const { outcome, mine } = await appendRow(connection, AGENT_RELEASES, {
    key: { agent_id: agentId, label },
    expected: (await getCurrentRelease(connection, agentId, label))?.releaseNumber ?? 0,
    requestId: randomUUID(),
    allowUnchanged: true,
    author: 'fixture',
    message: `${state.kind} ${state.version}`,
    payload,
  });
  if (outcome !== 'written') throw new Error(`writeLabelState: ${outcome}`);
  return (mine as { release_number: number }).release_number;
}

/** An agent with versions 1 and 2, production released at 1, and a canary of 2 at each percent (a ramp after the first), through the release commands. */
export async function canaryAgent(
  connection: Connection,
  agentId: string,
  percents: number[],
): Promise<Array<{ releaseNumber: number; startMs: number }>> {
  const config = { name: agentId, system_prompt: 'Sort tickets.', model: 'gpt-4.1', temperature: 0.2 };
  await createAgent(connection, agentId, config, { author: 'test', message: 'first' });
  await editAgent(connection, agentId, { config: { ...config, temperature: 0.6 } }, { author: 'test', message: 'warmer' });
  await releaseLabel(connection, { agentId, label: 'production', version: 1, author: 'test' });
  const states: Array<{ releaseNumber: number; startMs: number }> = [];
  for (const percent of percents) {
    const { release } = await startCanary(connection, { agentId, label: 'production', version: 2, percent, author: 'test' });
    states.push({ releaseNumber: release.releaseNumber, startMs: Date.parse(release.createdAt) });
  }
  return states;
}
