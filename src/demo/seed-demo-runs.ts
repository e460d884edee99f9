import type { Connection } from '../bigquery/connection.js';
import { TelemetryRecorder } from '../telemetry/telemetry-recorder.js';
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
      const executionId = `demo-${version}-${i}`;
      const startedAt = new Date(start + (version - 1) * 3 * DAY + next() * 3 * DAY);
      const isResolved = next() < resolutionRate;
      resolved += isResolved ? 1 : 0;
      const calls = 1 + Math.floor(next() * 3);
      let cost = 0;
      let tokens = 0;
      for (let c = 0; c < calls; c++) {
        const inputTokens = 800 + Math.floor(next() * 400);
        const outputTokens = 150 + Math.floor(next() * 150);
        const callCost = (inputTokens * 2 + outputTokens * 8) / 1e6;
        cost += callCost;
        tokens += inputTokens + outputTokens;
        recorder.recordLlmCall({
          call_id: `${executionId}-${c}`,
          execution_id: executionId,
          agent_id: agentId,
          agent_version_id: agentVersionId,
          model: 'gpt-4.1',
          status: 'ok',
          input_tokens: inputTokens,
          output_tokens: outputTokens,
          cost_usd: callCost,
          latency_ms: 600 + next() * 900,
          started_at: new Date(startedAt.getTime() + c * 1500),
        });
      }
      recorder.recordExecution({
        execution_id: executionId,
        agent_id: agentId,
        agent_version_id: agentVersionId,
        task_type: 'support_ticket',
        status: 'succeeded',
        resolution: isResolved ? 'resolved' : 'escalated',
        is_first_response_resolution: isResolved && next() < 0.8,
        cost_usd: cost,
        input_tokens: tokens,
        output_tokens: 0,
        latency_ms: 1500 + next() * 3000,
        started_at: startedAt,
        ended_at: new Date(startedAt.getTime() + 5000),
      });
      recorder.recordGrade({
        grade_id: `${executionId}-judge`,
        execution_id: executionId,
        agent_id: agentId,
        agent_version_id: agentVersionId,
        grader_type: 'llm_judge',
        grader_id: 'judge-v1',
        metric: 'quality',
        score: Math.min(1, Math.max(0, (isResolved ? 0.8 : 0.5) + (next() - 0.5) * 0.3)),
        passed: isResolved,
        graded_at: new Date(startedAt.getTime() + 60_000),
      });
    }
    lines.push(`${agentVersionId}: ${RUNS_PER_VERSION} runs, ${((resolved / RUNS_PER_VERSION) * 100).toFixed(1)}% resolved`);
  }
  const { inserted, rejected } = await recorder.close();
  if (rejected.length > 0) throw new Error(`seedDemoRuns: ${rejected.length} rows refused: ${rejected[0]?.reason}`);
  lines.push(`${inserted} rows streamed (executions, LLM calls, grades)`);
  return lines;
}
