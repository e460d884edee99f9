// Seed data for the Dataform tests and bench, and the marts computed from it by hand in TypeScript,
// independently of the SQL: de-duplication by id (latest recorded_at wins), per-run facts, then
// per-version and per-version-day sufficient statistics.

import { randomUUID } from 'node:crypto';
import { type Connection, connect, createAgent, editAgent, initStore, rollbackAgent, runQuery } from 'agentver';

export interface DataformDatasets {
  projectId: string;
  emulatorHost: string;
  /** The raw tables Dataform reads (agent_configs once seedAgents made it, and telemetry). */
  raw: Connection;
  /** Staging views and marts. */
  marts: Connection;
  assertionDataset: string;
}

/** Fresh datasets, made through the API (CREATE SCHEMA is a no-op on the emulator), and the telemetry tables. */
export async function createDataformDatasets(
  target: { projectId: string; emulatorHost: string },
  label: string,
): Promise<DataformDatasets> {
  const suffix = `${label.replace(/[^A-Za-z0-9_]/g, '_')}_${randomUUID().slice(0, 8)}`;
  const raw = connect({ ...target, datasetId: `df_raw_${suffix}` });
  const marts = connect({ ...target, datasetId: `df_marts_${suffix}` });
  const assertionDataset = `df_assert_${suffix}`;
  await initStore(raw);
  await marts.bigquery.createDataset(marts.datasetId);
  await marts.bigquery.createDataset(assertionDataset);
  return { ...target, raw, marts, assertionDataset };
}

/** The agents of one test: ids unique to it (see seedAgents). */
export interface SeededAgents {
  triage: string;
  billing: string;
}

/**
 * Writes two agents into the raw dataset through the store (createAgent, editAgent, rollbackAgent):
 * triage 1, 2 and 3 (a rollback to 1), billing 1 and 2 (which never runs).
 */
export async function seedAgents(datasets: DataformDatasets): Promise<SeededAgents> {
  const { raw } = datasets;
  const triage = 'triage';
  const billing = 'billing';
  const base = { name: 'Triage', system_prompt: 'Sort tickets.', model: 'gpt-4.1', tools: ['search'], temperature: 0.2 };
  await createAgent(raw, triage, base, { author: 'test', message: 'first' });
  await editAgent(raw, triage, { config: { ...base, temperature: 0.7 } }, { author: 'test', message: 'warmer' });
  await rollbackAgent(raw, triage, 1, { author: 'test' });
  const billingConfig = { name: 'Billing', system_prompt: 'Answer billing questions.', model: 'gpt-4.1-mini' };
  await createAgent(raw, billing, billingConfig, { author: 'test', message: 'first' });
  await editAgent(raw, billing, { config: { ...billingConfig, max_tokens: 2000 } }, { author: 'test', message: 'cap tokens' });
  return { triage, billing };
}

export interface Execution {
  execution_id: string;
  agent_id: string;
  agent_version_id: string;
  task_type: string;
  status: string;
  resolution: string | null;
  is_first_response_resolution: boolean | null;
  error_class: string | null;
  cost_usd: number | null;
  input_tokens: number | null;
  output_tokens: number | null;
  latency_ms: number | null;
  started_at: string;
  ended_at: string | null;
  recorded_at: string;
}

export interface LlmCall {
  call_id: string;
  execution_id: string;
  agent_id: string;
  agent_version_id: string;
  model: string;
  status: string;
  error_class: string | null;
  input_tokens: number | null;
  output_tokens: number | null;
  cost_usd: number | null;
  latency_ms: number | null;
  started_at: string;
  recorded_at: string;
}

export interface Grade {
  grade_id: string;
  execution_id: string;
  agent_id: string;
  agent_version_id: string;
  grader_type: string;
  grader_id: string;
  metric: string;
  score: number | null;
  passed: boolean | null;
  comment: string | null;
  graded_at: string;
  recorded_at: string;
}

export interface Telemetry {
  executions: Execution[];
  calls: LlmCall[];
  grades: Grade[];
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const iso = (ms: number) => new Date(ms).toISOString();
const STATUSES = ['succeeded', 'succeeded', 'failed', 'timed_out', 'cancelled', 'succeeded'];
const RESOLUTIONS = ['resolved', 'escalated', null, 'resolved', 'unresolved', 'abandoned', 'resolved'];

/**
 * `count` runs numbered from `first`, started from `startMs` on, spread over three days, each
 * recorded a minute after it started; with 0–2 LLM calls each and grades on every other run
 * (an LLM judge, sometimes overruled by an earlier human grade, sometimes a second metric).
 */
export function makeTelemetry(agents: SeededAgents, first: number, count: number, startMs: number): Telemetry {
  const runVersions = [`${agents.triage}@1`, `${agents.triage}@2`, `${agents.triage}@3`, `${agents.billing}@1`];
  const executions: Execution[] = [];
  const calls: LlmCall[] = [];
  const grades: Grade[] = [];
  for (let i = first; i < first + count; i += 1) {
    const agentVersionId = runVersions[i % runVersions.length] as string;
    const agentId = agentVersionId.split('@')[0] as string;
    const started = startMs + (i % 3) * DAY + i * MINUTE;
    const status = STATUSES[i % STATUSES.length] as string;
    const executionId = `e${String(i).padStart(5, '0')}`;
    executions.push({
      execution_id: executionId,
      agent_id: agentId,
      agent_version_id: agentVersionId,
      task_type: i % 2 ? 'billing_question' : 'bug_report',
      status,
      resolution: RESOLUTIONS[i % RESOLUTIONS.length] ?? null,
      is_first_response_resolution: i % 5 === 4 ? null : i % 3 === 0,
      error_class: status === 'failed' ? 'tool_error' : null,
      cost_usd: i % 7 === 6 ? null : Math.round((0.013 * (i + 1) + (i % 4) * 0.0071) * 1e6) / 1e6,
      input_tokens: 100 + 17 * i,
      output_tokens: i % 11 === 10 ? null : 50 + 3 * i,
      latency_ms: i % 9 === 8 ? null : 900 + 37.5 * i + (i % 5) * 211,
      started_at: iso(started),
      ended_at: iso(started + 30_000),
      recorded_at: iso(started + MINUTE),
    });
    for (let j = 0; j < i % 3; j += 1) {
      calls.push({
        call_id: `${executionId}_c${j}`,
        execution_id: executionId,
        agent_id: agentId,
        agent_version_id: agentVersionId,
        model: 'gpt-4.1',
        status: (i + j) % 4 === 0 ? 'error' : 'ok',
        error_class: (i + j) % 4 === 0 ? 'rate_limit' : null,
        input_tokens: 40 + j,
        output_tokens: 20 + i,
        cost_usd: 0.001 * (j + 1) + 0.0001 * i,
        latency_ms: 200 + 10 * j + i,
        started_at: iso(started + j * 1000),
        recorded_at: iso(started + MINUTE),
      });
    }
    if (i % 2 === 0) {
      const judgeScore = (i % 5) / 4;
      grades.push(
        grade(executionId, agentId, agentVersionId, 'g_judge', 'llm_judge', 'quality', judgeScore, judgeScore >= 0.5, started + 2 * HOUR),
      );
      if (i % 4 === 0) {
        // a human graded earlier; the human grade still wins
        grades.push(
          grade(executionId, agentId, agentVersionId, 'g_human', 'human', 'quality', 1 - judgeScore, judgeScore < 0.5, started + HOUR),
        );
      }
      if (i % 6 === 0) {
        grades.push(grade(executionId, agentId, agentVersionId, 'g_rule', 'rule', 'helpfulness', 0.8, i % 12 !== 0, started + 3 * HOUR));
      }
    }
  }
  return { executions, calls, grades };
}

/** A grade recorded a minute after it was given. */
export function grade(
  executionId: string,
  agentId: string,
  agentVersionId: string,
  idSuffix: string,
  graderType: string,
  metric: string,
  score: number | null,
  passed: boolean | null,
  gradedAtMs: number,
  recordedAtMs: number = gradedAtMs + MINUTE,
): Grade {
  return {
    grade_id: `${executionId}_${idSuffix}`,
    execution_id: executionId,
    agent_id: agentId,
    agent_version_id: agentVersionId,
    grader_type: graderType,
    grader_id: graderType === 'human' ? 'reviewer@example.com' : 'judge-v1',
    metric,
    score,
    passed,
    comment: null,
    graded_at: iso(gradedAtMs),
    recorded_at: iso(recordedAtMs),
  };
}

/** Streams the rows in with insertAll (the path the agent runtime uses), in batches. */
export async function insertTelemetry(raw: Connection, telemetry: Partial<Telemetry>): Promise<void> {
  const dataset = raw.bigquery.dataset(raw.datasetId);
  const tables: Array<[string, readonly object[] | undefined]> = [
    ['task_executions', telemetry.executions],
    ['llm_calls', telemetry.calls],
    ['outcome_grades', telemetry.grades],
  ];
  for (const [table, rows] of tables) {
    for (let at = 0; rows && at < rows.length; at += 5000) {
      await dataset.table(table).insert(rows.slice(at, at + 5000));
    }
  }
}

/** Of rows sharing an id, the one recorded last (as the staging views keep). */
function latestById<T extends { recorded_at: string }>(rows: readonly T[], id: (row: T) => string): T[] {
  const kept = new Map<string, T>();
  for (const row of rows) {
    const current = kept.get(id(row));
    if (!current || row.recorded_at > current.recorded_at) kept.set(id(row), row);
  }
  return [...kept.values()];
}

export interface RunFact {
  execution_id: string;
  agent_version_id: string;
  run_date: string;
  is_succeeded: boolean;
  is_resolved: boolean;
  is_first_response_resolved: boolean;
  is_error: boolean;
  cost_usd: number | null;
  total_tokens: number | null;
  latency_ms: number | null;
  n_llm_calls: number;
  n_llm_errors: number;
  llm_cost_usd: number;
  n_grades: number;
  grade_score: number | null;
  is_passed: boolean | null;
  started_at: string;
}

function groupBy<T>(rows: readonly T[], key: (row: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const row of rows) {
    const group = groups.get(key(row));
    if (group) group.push(row);
    else groups.set(key(row), [row]);
  }
  return groups;
}

/** run_facts as defined in definitions/marts/run_facts.sqlx, computed in TypeScript. */
export function expectedRunFacts(telemetry: Telemetry): RunFact[] {
  const calls = groupBy(
    latestById(telemetry.calls, (call) => call.call_id),
    (call) => call.execution_id,
  );
  const grades = groupBy(
    latestById(telemetry.grades, (g) => g.grade_id),
    (g) => g.execution_id,
  );
  return latestById(telemetry.executions, (e) => e.execution_id).map((execution) => {
    const own = calls.get(execution.execution_id) ?? [];
    const ownGrades = grades.get(execution.execution_id) ?? [];
    // per metric: the latest human grade, else the latest grade
    const effective = new Map<string, Grade>();
    for (const g of ownGrades) {
      const current = effective.get(g.metric);
      const rank = (x: Grade) => [x.grader_type === 'human' ? 1 : 0, x.graded_at, x.recorded_at, x.grade_id].join('|');
      if (!current || rank(g) > rank(current)) effective.set(g.metric, g);
    }
    const scores = [...effective.values()].map((g) => g.score).filter((s): s is number => s !== null);
    const verdicts = [...effective.values()].map((g) => g.passed).filter((p): p is boolean => p !== null);
    const { input_tokens: input, output_tokens: output } = execution;
    return {
      execution_id: execution.execution_id,
      agent_version_id: execution.agent_version_id,
      run_date: execution.started_at.slice(0, 10),
      is_succeeded: execution.status === 'succeeded',
      is_resolved: execution.resolution === 'resolved',
      is_first_response_resolved: execution.is_first_response_resolution === true,
      is_error: execution.status === 'failed' || execution.status === 'timed_out',
      cost_usd: execution.cost_usd,
      total_tokens: input === null && output === null ? null : (input ?? 0) + (output ?? 0),
      latency_ms: execution.latency_ms,
      n_llm_calls: own.length,
      n_llm_errors: own.filter((call) => call.status === 'error').length,
      llm_cost_usd: own.reduce((sum, call) => sum + (call.cost_usd ?? 0), 0),
      n_grades: ownGrades.length,
      grade_score: scores.length ? scores.reduce((a, b) => a + b, 0) / scores.length : null,
      is_passed: verdicts.length ? verdicts.every(Boolean) : null,
      started_at: execution.started_at,
    };
  });
}

export type Stats = Record<string, number>;

/** The sufficient statistics of a group of runs, named as in version_daily_metrics. */
export function sufficientStatistics(runs: readonly RunFact[]): Stats {
  const stats: Stats = {
    n_runs: runs.length,
    n_succeeded: runs.filter((r) => r.is_succeeded).length,
    n_resolved: runs.filter((r) => r.is_resolved).length,
    n_first_response_resolved: runs.filter((r) => r.is_first_response_resolved).length,
    n_errors: runs.filter((r) => r.is_error).length,
    n_graded: runs.filter((r) => r.is_passed !== null).length,
    n_passed: runs.filter((r) => r.is_passed === true).length,
    n_llm_calls: runs.reduce((sum, r) => sum + r.n_llm_calls, 0),
    n_llm_errors: runs.reduce((sum, r) => sum + r.n_llm_errors, 0),
    sum_llm_cost_usd: runs.reduce((sum, r) => sum + r.llm_cost_usd, 0),
  };
  const measures = { cost_usd: 'cost_usd', latency_ms: 'latency_ms', total_tokens: 'total_tokens', grade_score: 'grade_score' } as const;
  for (const name of Object.values(measures)) {
    const values = runs.map((r) => r[name]).filter((v): v is number => v !== null);
    stats[`n_${name}`] = values.length;
    stats[`sum_${name}`] = values.reduce((a, b) => a + b, 0);
    stats[`sum_sq_${name}`] = values.reduce((a, b) => a + b * b, 0);
  }
  return stats;
}

/** version_daily_metrics: sufficient statistics per `agent_version_id|run_date`. */
export function expectedDailyMetrics(telemetry: Telemetry): Map<string, Stats> {
  const groups = groupBy(expectedRunFacts(telemetry), (r) => `${r.agent_version_id}|${r.run_date}`);
  return new Map([...groups].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([key, runs]) => [key, sufficientStatistics(runs)]));
}

/**
 * version_grade_daily_metrics: per `agent_version_id|run_date|metric`, the sums of each run's
 * effective grade of that metric (the latest human grade, else the latest), computed directly
 * from the seeded rows; grades of runs without an execution row are left out.
 */
export function expectedGradeDailyMetrics(telemetry: Telemetry): Map<string, Stats> {
  const runs = new Map(latestById(telemetry.executions, (e) => e.execution_id).map((e) => [e.execution_id, e]));
  const effective = new Map<string, Grade>();
  const rank = (x: Grade) => [x.grader_type === 'human' ? 1 : 0, x.graded_at, x.recorded_at, x.grade_id].join('|');
  for (const g of latestById(telemetry.grades, (row) => row.grade_id)) {
    const key = `${g.execution_id}|${g.metric}`;
    const current = effective.get(key);
    if (!current || rank(g) > rank(current)) effective.set(key, g);
  }
  const out = new Map<string, Stats>();
  for (const g of effective.values()) {
    const run = runs.get(g.execution_id);
    if (!run) continue;
    const key = `${run.agent_version_id}|${run.started_at.slice(0, 10)}|${g.metric}`;
    const stats = out.get(key) ?? { n_graded: 0, n_verdicts: 0, n_passed: 0, n_score: 0, sum_score: 0, sum_sq_score: 0 };
    stats.n_graded = (stats.n_graded ?? 0) + 1;
    if (g.passed !== null) stats.n_verdicts = (stats.n_verdicts ?? 0) + 1;
    if (g.passed === true) stats.n_passed = (stats.n_passed ?? 0) + 1;
    if (g.score !== null) {
      stats.n_score = (stats.n_score ?? 0) + 1;
      stats.sum_score = (stats.sum_score ?? 0) + g.score;
      stats.sum_sq_score = (stats.sum_sq_score ?? 0) + g.score * g.score;
    }
    out.set(key, stats);
  }
  return new Map([...out].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/** Every row of a table, ordered, for comparing two builds. */
export async function readTable(marts: Connection, table: string, orderBy: string): Promise<Record<string, unknown>[]> {
  return (await runQuery(marts, `SELECT * FROM \`${marts.datasetId}.${table}\` ORDER BY ${orderBy}`)).rows;
}
