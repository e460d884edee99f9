import type { ResolveTags } from '../runtime/agent-resolver.js';
import type { TelemetryRecorder } from '../telemetry/telemetry-recorder.js';

/** One synthetic run to record: who ran it, when, and how likely it resolves the ticket. */
export interface DemoRun {
  executionId: string;
  /** The resolver's tags (agent, version, and the label, release and arm when resolved through one). */
  tags: Pick<ResolveTags, 'agent_id' | 'agent_version_id'> & Partial<ResolveTags>;
  startedAt: Date;
  resolutionRate: number;
}

/**
 * Records a support-ticket run as production would: 1–3 LLM calls, the execution with its
 * totals, and an LLM-judge grade that follows the outcome. Returns whether it resolved.
 */
export function recordDemoRun(recorder: TelemetryRecorder, next: () => number, run: DemoRun): boolean {
  const { executionId, tags, startedAt } = run;
  const isResolved = next() < run.resolutionRate;
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
      agent_id: tags.agent_id,
      agent_version_id: tags.agent_version_id,
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
    ...tags,
    execution_id: executionId,
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
    agent_id: tags.agent_id,
    agent_version_id: tags.agent_version_id,
    grader_type: 'llm_judge',
    grader_id: 'judge-v1',
    metric: 'quality',
    score: Math.min(1, Math.max(0, (isResolved ? 0.8 : 0.5) + (next() - 0.5) * 0.3)),
    passed: isResolved,
    graded_at: new Date(startedAt.getTime() + 60_000),
  });
  return isResolved;
}
