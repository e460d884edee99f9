// What the Dataform test files share: the seeded sizes, an emulator per test, runDataform on it,
// and the marts checked against sufficient statistics computed by hand.
import { type Connection, type LocalEmulator, type RunDataformOptions, type RunDataformResult, runDataform, startEmulator } from 'agentver';
import { afterEach, beforeEach, expect } from 'vitest';
import {
  type DataformDatasets,
  expectedDailyMetrics,
  expectedGradeDailyMetrics,
  expectedRunFacts,
  makeTelemetry,
  readTable,
  type SeededAgents,
  type Stats,
  type Telemetry,
} from './dataform-fixtures.js';

export const START = Date.parse('2026-03-01T08:00:00Z');
export const DAY = 24 * 60 * 60 * 1000;
// Thousands of runs, as a small team makes in a week: the marts are near-linear on the emulator.
export const RUNS = 3000;
// The invariant assertions and what they read (the staging views), without the marts.
export const INVARIANTS = {
  actions: [
    'agent_configs_one_latest',
    'agent_configs_versions_gapless',
    'agent_configs_rollbacks_match',
    'task_executions_known_versions',
    'llm_calls_known_versions',
    'outcome_grades_known_versions',
  ],
  includeDependencies: true,
};
// Unlike the other files, each test here gets an emulator of its own: a Dataform run leaves dozens
// of tables and views, and the emulator's cost per request grows with the tables it holds (an
// edit: 112 ms with one table, 879 ms with 161; bench/emulator-growth-bench.ts), until its SQL
// engine runs out of memory. The shared emulator of the run stays small this way.
/** Starts an emulator before each test of the calling file and stops it after; returns its target. */
export function emulatorPerTest(): () => { projectId: string; emulatorHost: string } {
  let emulator: LocalEmulator;
  beforeEach(async () => {
    emulator = await startEmulator({ projectId: 'dataform-test' });
  });
  afterEach(async () => {
    await emulator.stop();
  });
  return () => ({ projectId: emulator.projectId, emulatorHost: emulator.host });
}

export async function run(datasets: DataformDatasets, extra: Partial<RunDataformOptions> = {}): Promise<RunDataformResult> {
  return runDataform({
    projectId: datasets.projectId,
    emulatorHost: datasets.emulatorHost,
    dataset: datasets.marts.datasetId,
    rawDataset: datasets.raw.datasetId,
    assertionDataset: datasets.assertionDataset,
    ...extra,
  });
}

/** The seeded telemetry plus a streamed execution repeated with a corrected cost, and a repeated call. */
export function telemetryWithDuplicates(agents: SeededAgents, runs = RUNS): Telemetry {
  const telemetry = makeTelemetry(agents, 0, runs, START);
  const execution = telemetry.executions[3];
  const call = telemetry.calls.find((c) => c.execution_id === 'e00004');
  if (!execution || !call) throw new Error('fixture changed');
  const later = new Date(Date.parse(execution.recorded_at) + 5 * 60_000).toISOString();
  telemetry.executions.push({ ...execution, cost_usd: 0.5, recorded_at: later });
  telemetry.calls.push({ ...call });
  return telemetry;
}

/** Relative closeness for sums of floats, which SQL adds in another order. */
export function expectStatsClose(actual: Record<string, unknown>, expected: Stats, label: string): void {
  for (const [name, value] of Object.entries(expected)) {
    const got = actual[name];
    expect(typeof got, `${label} ${name}`).toBe('number');
    expect(Math.abs((got as number) - value), `${label} ${name}: ${String(got)} vs ${value}`).toBeLessThanOrEqual(
      1e-9 * Math.max(1, Math.abs(value)),
    );
  }
}

export async function expectMartsMatch(marts: Connection, telemetry: Telemetry): Promise<void> {
  const facts = await readTable(marts, 'run_facts', 'execution_id');
  const expectedFacts = expectedRunFacts(telemetry).sort((a, b) => a.execution_id.localeCompare(b.execution_id));
  expect(facts.map((row) => row.execution_id)).toEqual(expectedFacts.map((row) => row.execution_id));
  for (const [i, row] of facts.entries()) {
    const want = expectedFacts[i];
    expect({ ...row, grade_score: row.grade_score === null ? null : Number((row.grade_score as number).toFixed(12)) }).toMatchObject({
      execution_id: want?.execution_id,
      is_passed: want?.is_passed,
      n_grades: want?.n_grades,
      n_llm_calls: want?.n_llm_calls,
      n_llm_errors: want?.n_llm_errors,
      cost_usd: want?.cost_usd,
      total_tokens: want?.total_tokens,
      grade_score: want?.grade_score === null ? null : Number(want?.grade_score.toFixed(12)),
    });
  }

  const daily = await readTable(marts, 'version_daily_metrics', 'agent_version_id, run_date');
  const expectedDaily = expectedDailyMetrics(telemetry);
  expect(daily.map((row) => `${row.agent_version_id}|${row.run_date}`)).toEqual([...expectedDaily.keys()]);
  for (const row of daily) {
    const key = `${row.agent_version_id}|${row.run_date}`;
    expectStatsClose(row, expectedDaily.get(key) ?? {}, key);
  }

  const grades = await readTable(marts, 'version_grade_daily_metrics', 'agent_version_id, run_date, metric');
  const expectedGrades = expectedGradeDailyMetrics(telemetry);
  expect(grades.length).toBeGreaterThan(0);
  expect(grades.map((row) => `${row.agent_version_id}|${row.run_date}|${row.metric}`)).toEqual([...expectedGrades.keys()]);
  for (const row of grades) {
    const key = `${row.agent_version_id}|${row.run_date}|${row.metric}`;
    expectStatsClose(row, expectedGrades.get(key) ?? {}, key);
  }
}

/** Floats summed in another order differ in their last bits; compare them to 12 significant digits. */
export function roundFloats(value: unknown): unknown {
  if (typeof value === 'number' && !Number.isInteger(value)) return Number(value.toPrecision(12));
  if (Array.isArray(value)) return value.map(roundFloats);
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, roundFloats(v)]));
  return value;
}
