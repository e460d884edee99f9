import type { Connection } from '../bigquery/connection.js';
import { AgentverError } from '../errors/agentver-error.js';
import { ConflictError } from '../errors/conflict-error.js';
import { getLatestVersions } from '../store/read-versions.js';
import { writeVersion } from '../store/write-version.js';
import type { Plan } from './plan-configs.js';

export interface ApplyOptions {
  author: string;
  message: string;
  /** Field paths allowed to hold a credential (recorded in each change message). */
  allowSecrets?: readonly string[];
  /** A saved plan: refuse it whole, writing nothing, if any agent moved since it was made. */
  exact?: boolean;
}

export interface AppliedAgent {
  agent_id: string;
  action: 'create' | 'update';
  /** written: a new version; replayed: an earlier apply of this plan wrote it; conflict: BigQuery moved, nothing written. */
  outcome: 'written' | 'replayed' | 'conflict' | 'failed';
  version: number | null;
  error?: ReturnType<AgentverError['toJSON']>['error'];
}

export interface ApplyResult {
  agents: AppliedAgent[];
  summary: Record<AppliedAgent['outcome'], number>;
}

/**
 * `agentver apply`: writes the plan's creates and updates, each one job through the writer and
 * guarded by the version the plan saw (a create by "no version yet"). A concurrent change makes
 * that agent a conflict, with nothing overwritten, and the others are still applied. Each write's
 * request id is derived from agent, base version and content, so applying the same plan (or the
 * same commit) again writes nothing new.
 */
export async function applyPlan(connection: Connection, plan: Plan, options: ApplyOptions): Promise<ApplyResult> {
  const writes = plan.agents.filter((agent) => agent.action === 'create' || agent.action === 'update');
  if (options.exact) await refuseIfMoved(connection, plan);
  const agents: AppliedAgent[] = [];
  for (const agent of writes) {
    const action = agent.action as AppliedAgent['action'];
    try {
      const { record, replayed } = await writeVersion(connection, {
        agentId: agent.agent_id,
        expectedVersion: agent.base_version ?? 0,
        config: agent.config as NonNullable<typeof agent.config>,
        author: options.author,
        message: options.message,
        requestId: agent.request_id as string,
        ...(options.allowSecrets ? { allowSecrets: options.allowSecrets } : {}),
      });
      agents.push({ agent_id: agent.agent_id, action, outcome: replayed ? 'replayed' : 'written', version: record.version });
    } catch (error) {
      // Only what BigQuery said about this agent is kept per agent; bad input or a dead backend stops the apply.
      if (!(error instanceof AgentverError) || error.code === 'invalid_input' || error.code === 'backend') throw error;
      const outcome = error.code === 'conflict' || error.code === 'already_exists' ? 'conflict' : 'failed';
      agents.push({ agent_id: agent.agent_id, action, outcome, version: null, error: error.toJSON().error });
    }
  }
  const summary = { written: 0, replayed: 0, conflict: 0, failed: 0 };
  for (const agent of agents) summary[agent.outcome] += 1;
  return { agents, summary };
}

async function refuseIfMoved(connection: Connection, plan: Plan): Promise<void> {
  const latest = new Map((await getLatestVersions(connection)).map((record) => [record.agentId, record]));
  for (const agent of plan.agents) {
    const now = latest.get(agent.agent_id);
    if ((now?.version ?? null) !== agent.base_version && agent.action !== 'not_in_files') {
      throw new ConflictError(
        agent.agent_id,
        agent.base_version ?? 0,
        now ?? { version: 0, author: '(nobody)', createdAt: '' },
        'The saved plan is stale, so nothing was applied: run agentver plan again.',
      );
    }
  }
}
