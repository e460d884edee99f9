// An incremental Dataform run on the emulator, with new runs and late grades, gives the same marts
// as a full refresh (in a file of its own: its three runs are the longest test, and files run side by side).
import { describe, expect, it } from 'vitest';
import {
  createDataformDatasets,
  grade,
  insertTelemetry,
  makeTelemetry,
  readTable,
  seedAgents,
  type Telemetry,
} from './dataform-fixtures.js';
import { DAY, emulatorPerTest, expectMartsMatch, RUNS, roundFloats, run, START, telemetryWithDuplicates } from './dataform-runs.js';

const target = emulatorPerTest();

describe('dataform incremental', () => {
  it('gives the same marts incrementally, with late grades, as a full refresh', { timeout: 360_000 }, async () => {
    const datasets = await createDataformDatasets(target(), 'incremental');
    const agents = await seedAgents(datasets);
    const before = telemetryWithDuplicates(agents);
    await insertTelemetry(datasets.raw, before);
    expect((await run(datasets)).ok).toBe(true);

    // New runs three days on, a human grade for the oldest run recorded a week later (it wins
    // over the judge), and a grade recorded a day before the newest row already built (inside
    // the lookback window, as a late-arriving streamed row would be).
    const after = makeTelemetry(agents, RUNS, RUNS / 10, START + 3 * DAY);
    const newest = Math.max(...before.executions.map((e) => Date.parse(e.recorded_at)));
    const late = [
      grade(
        'e00000',
        agents.triage,
        `${agents.triage}@1`,
        'g_late_human',
        'human',
        'quality',
        0.1,
        false,
        START + 7 * DAY,
        START + 7 * DAY,
      ),
      grade('e00001', agents.triage, `${agents.triage}@2`, 'g_lagged', 'llm_judge', 'quality', 0.9, true, newest - DAY, newest - DAY),
    ];
    await insertTelemetry(datasets.raw, { ...after, grades: [...after.grades, ...late] });
    const all: Telemetry = {
      executions: [...before.executions, ...after.executions],
      calls: [...before.calls, ...after.calls],
      grades: [...before.grades, ...after.grades, ...late],
    };

    const incremental = await run(datasets);
    expect(incremental.ok, incremental.output).toBe(true);
    await expectMartsMatch(datasets.marts, all);
    const tables = {
      run_facts: 'execution_id',
      version_daily_metrics: 'agent_version_id, run_date',
      version_grade_daily_metrics: 'agent_version_id, run_date, metric',
    };
    const built: Record<string, unknown> = {};
    for (const [table, order] of Object.entries(tables)) built[table] = await readTable(datasets.marts, table, order);

    const refreshed = await run(datasets, { fullRefresh: true });
    expect(refreshed.ok, refreshed.output).toBe(true);
    for (const [table, order] of Object.entries(tables)) {
      const rows = await readTable(datasets.marts, table, order);
      expect(roundFloats(rows), table).toEqual(roundFloats(built[table]));
    }
  });
});
