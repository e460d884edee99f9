import type { Connection } from '../bigquery/connection.js';
import { TelemetryRecorder } from '../telemetry/telemetry-recorder.js';
import { recordDemoRun } from './demo-run.js';
import { mulberry32 } from './seeded-random.js';

const DAY = 24 * 60 * 60 * 1000;
const RUNS_PER_VERSION = 400;

/**
 * Synthetic production traffic for versions 1..latest of an agent: executions, their LLM calls and
 * LLM-judge grades, each version live for three days in turn. The latest version resolves fewer
 * tickets (58% against about 72%), the drop `compare` should flag.
 */
export async function seedDemoRuns(connection: Connection, agentId: string, latestVersion: number): Promise<string[]> {
  const next = mulberry32(42);
  const recorder = new TelemetryRecorder(connection, { maxBatchRows: 500, flushOnExit: false });
  const start = Date.now() - latestVersion * 3 * DAY;
  const lines: string[] = [];
  for (let version = 1; version <= latestVersion; version++) {
    const resolutionRate = version === latestVersion ? 0.58 : 0.72;
    const agentVersionId = `${agentId}@${version}`;
    let resolved = 0;
    for (let i = 0; i < RUNS_PER_VERSION; i++) {
      const isResolved = recordDemoRun(recorder, next, {
        executionId: `demo-${version}-${i}`,
        tags: { agent_id: agentId, agent_version_id: agentVersionId },
        startedAt: new Date(start + (version - 1) * 3 * DAY + next() * 3 * DAY),
        resolutionRate,
      });
      resolved += isResolved ? 1 : 0;
    }
    lines.push(`${agentVersionId}: ${RUNS_PER_VERSION} runs, ${((resolved / RUNS_PER_VERSION) * 100).toFixed(1)}% resolved`);
  }
  const { inserted, rejected } = await recorder.close();
  if (rejected.length > 0) throw new Error(`seedDemoRuns: ${rejected.length} rows refused: ${rejected[0]?.reason}`);
  lines.push(`${inserted} rows streamed (executions, LLM calls, grades)`);
  return lines;
}
