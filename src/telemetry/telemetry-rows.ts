import { z } from 'zod';
import { agentIdSchema } from '../config/agent-config.js';

const id = z.string().min(1, 'must not be empty').max(200, 'must be at most 200 characters');
const timestamp = z.union([z.date(), z.string()]).transform((value, context) => {
  const date = value instanceof Date ? value : new Date(value);
  if (Number.isNaN(date.getTime())) {
    context.addIssue({ code: 'custom', message: 'must be an ISO-8601 time such as 2026-11-20T09:00:00Z' });
    return z.NEVER;
  }
  return date.toISOString();
});
const count = z.number().int('must be an integer').nonnegative('must be >= 0');
const amount = z.number().nonnegative('must be >= 0');
const attributes = z.record(z.string(), z.unknown());

const versioned = {
  agent_id: agentIdSchema,
  agent_version_id: z.string().regex(/^[a-z][a-z0-9_-]{0,99}@[1-9]\d*$/, 'must look like <agent_id>@<version>, e.g. support_triage@42'),
};

function sameAgent(row: { agent_id: string; agent_version_id: string }, context: z.RefinementCtx) {
  if (!row.agent_version_id.startsWith(`${row.agent_id}@`)) {
    context.addIssue({ code: 'custom', path: ['agent_version_id'], message: `must belong to agent_id ${row.agent_id}` });
  }
}

/** A task execution: one run of an agent on a task. Fields are the task_executions columns. */
export const executionRowSchema = z
  .object({
    execution_id: id,
    ...versioned,
    task_type: z.string().max(200).nullish(),
    status: z.enum(['succeeded', 'failed', 'timed_out', 'cancelled'], { message: 'must be succeeded, failed, timed_out or cancelled' }),
    resolution: z
      .enum(['resolved', 'escalated', 'unresolved', 'abandoned'], { message: 'must be resolved, escalated, unresolved or abandoned' })
      .nullish(),
    is_first_response_resolution: z.boolean().nullish(),
    error_class: z.string().max(200).nullish(),
    cost_usd: amount.nullish(),
    input_tokens: count.nullish(),
    output_tokens: count.nullish(),
    latency_ms: amount.nullish(),
    started_at: timestamp,
    ended_at: timestamp.nullish(),
    release_label: z.string().max(63).nullish(),
    release_number: z.number().int('must be an integer').positive('must be >= 1').nullish(),
    arm: z.enum(['baseline', 'candidate'], { message: 'must be baseline or candidate' }).nullish(),
    assignment_unit: z.string().max(200).nullish(),
    attributes: attributes.nullish(),
  })
  .strict()
  .superRefine(sameAgent);

/** One LLM call made during an execution. Fields are the llm_calls columns. */
export const llmCallRowSchema = z
  .object({
    call_id: id,
    execution_id: id,
    ...versioned,
    model: z.string().max(200).nullish(),
    status: z.enum(['ok', 'error'], { message: 'must be ok or error' }),
    error_class: z.string().max(200).nullish(),
    input_tokens: count.nullish(),
    output_tokens: count.nullish(),
    cost_usd: amount.nullish(),
    latency_ms: amount.nullish(),
    started_at: timestamp,
    attributes: attributes.nullish(),
  })
  .strict()
  .superRefine(sameAgent);

/** A grade of an execution by a person, an LLM judge or a rule. Fields are the outcome_grades columns. */
export const gradeRowSchema = z
  .object({
    grade_id: id,
    execution_id: id,
    ...versioned,
    grader_type: z.enum(['human', 'llm_judge', 'rule'], { message: 'must be human, llm_judge or rule' }),
    grader_id: z.string().max(200).nullish(),
    metric: z.string().min(1).max(200),
    score: z.number().finite().nullish(),
    passed: z.boolean().nullish(),
    comment: z.string().max(100_000).nullish(),
    graded_at: timestamp,
    attributes: attributes.nullish(),
  })
  .strict()
  .superRefine(sameAgent);

export type ExecutionRow = z.input<typeof executionRowSchema>;
export type LlmCallRow = z.input<typeof llmCallRowSchema>;
export type GradeRow = z.input<typeof gradeRowSchema>;

export type TelemetryTable = 'task_executions' | 'llm_calls' | 'outcome_grades';

export const TELEMETRY_TABLES: Record<TelemetryTable, { schema: z.ZodType<Record<string, unknown>>; idField: string }> = {
  task_executions: { schema: executionRowSchema as z.ZodType<Record<string, unknown>>, idField: 'execution_id' },
  llm_calls: { schema: llmCallRowSchema as z.ZodType<Record<string, unknown>>, idField: 'call_id' },
  outcome_grades: { schema: gradeRowSchema as z.ZodType<Record<string, unknown>>, idField: 'grade_id' },
};
