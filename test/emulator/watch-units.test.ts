// Watch decides by unit, end to end on the emulator (ingest → `agentver models run` → `agentver watch
// --format json`), on data shaped as agents make it: units with many runs, heavy units, a ramp with
// a shared drop in the rate between its states, a real drop spread over many units, and units the
// assignment cannot explain. Each case is one agent; the run-level view of the same data (every run
// its own unit, states pooled) is decided too, to show what the unit-level path changes.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type CanaryDecision, type Connection, connect, decideRollout, parseRolloutPolicy, runQuery, type WatchResult } from 'agentver';
import { beforeAll, describe, expect, it } from 'vitest';
import { simulatedStream } from '../../bench/unit-canary-simulation-kit.js';
import { mulberry32 } from '../../src/demo/seeded-random.js';
import type { StratumArmRow } from '../../src/watch/load-canary-statistics.js';
import { type CliRun, runCliCaptured } from './cli-harness.js';
import { canaryAgent } from './release-fixtures.js';
import { createTestConnection } from './test-connection.js';

let raw: Connection;
let models: Connection;
let global: string[];
let dir: string;
let decisions: Map<string, CanaryDecision>;
let simulatedRows: StratumArmRow[];
const DAY = 24 * 60 * 60 * 1000;
/** A small ramped stream of the validity simulation: users of 5 runs, 300 runs a day, 10% → 50% on day 4. */
const SIMULATED = {
  seed: 77,
  streams: 1,
  days: 8,
  runsPerDay: 300,
  runsPerUnit: 5,
  icc: 0.2,
  resolution: { baseline: 0.7, candidate: 0.7 },
  schedule: [
    { day: 0, percent: 10 },
    { day: 4, percent: 50 },
  ],
  weekend: { effect: -0.05, firstWeekday: 2 },
} as const;
const executions = new Map<string, Execution[]>();
const cli = (args: string[]): Promise<CliRun> => runCliCaptured([...args, ...global], { cwd: dir });

type Execution = Record<string, string | number | boolean | null>;

/** A unit of a fixture: its arm in each state it has runs in, how many runs there, and their resolution rate. */
interface UnitSpec {
  unit: string;
  visits: Array<{ state: number; arm: 'baseline' | 'candidate'; runs: number; resolution: number; version?: number }>;
}

/**
 * The runs of `units`, tagged as the resolver tags them; a unit's runs in a state start after that
 * state began, one every few minutes, in state order, so its first run is in its first state. The
 * resolution of each run is drawn at the visit's rate.
 */
function makeRuns(
  agentId: string,
  states: Array<{ releaseNumber: number; startMs: number }>,
  units: UnitSpec[],
  seed: number,
): Execution[] {
  const next = mulberry32(seed);
  const rows: Execution[] = [];
  units.forEach((spec, u) => {
    for (const [v, visit] of spec.visits.entries()) {
      const state = states[visit.state] as { releaseNumber: number; startMs: number };
      for (let r = 0; r < visit.runs; r++) {
        const startedAt = new Date(state.startMs + 1000 + (u % 50) * 60_000 + (v * 200 + r) * 7_000);
        const version = visit.version ?? (visit.arm === 'candidate' ? 2 : 1);
        rows.push({
          execution_id: `${agentId}-${spec.unit}-${v}-${r}`,
          agent_id: agentId,
          agent_version_id: `${agentId}@${version}`,
          task_type: 'ticket',
          status: 'succeeded',
          resolution: next() < visit.resolution ? 'resolved' : 'escalated',
          cost_usd: 0.01 + 0.01 * next(),
          latency_ms: 1000 + Math.floor(1000 * next()),
          started_at: startedAt.toISOString(),
          ended_at: new Date(startedAt.getTime() + 4000).toISOString(),
          recorded_at: new Date(startedAt.getTime() + 5000).toISOString(),
          release_label: 'production',
          release_number: state.releaseNumber,
          arm: visit.arm,
          assignment_unit: spec.unit,
        });
      }
    }
  });
  return rows;
}

/** `n` units split exactly `percent` : 100 − percent, each with `runs(i)` runs at `rate(arm, i)`, in state `state`. */
function splitUnits(
  prefix: string,
  n: number,
  percent: number,
  runs: (i: number) => number,
  rate: (arm: 'baseline' | 'candidate', i: number) => number,
  state = 0,
): UnitSpec[] {
  const every = Math.round(100 / percent);
  return Array.from({ length: n }, (_, i) => {
    const arm = i % every === 0 ? 'candidate' : 'baseline';
    return { unit: `${prefix}-${i}`, visits: [{ state, arm, runs: runs(i), resolution: rate(arm, i) }] };
  });
}

/** The run-level, pooled view of one agent's runs: every run its own unit, every state one stratum at the current share. */
function runLevelDecision(rows: Execution[], percent: number) {
  const arm = (name: 'baseline' | 'candidate') => {
    const mine = rows.filter((row) => row.arm === name);
    const resolved = mine.filter((row) => row.resolution === 'resolved').length;
    const costs = mine.map((row) => row.cost_usd as number);
    const cost = {
      num: costs.reduce((s, x) => s + x, 0),
      den: mine.length,
      numSquares: costs.reduce((s, x) => s + x * x, 0),
      denSquares: mine.length,
      numDen: costs.reduce((s, x) => s + x, 0),
    };
    const metrics = {
      resolution_rate: { num: resolved, den: mine.length, numSquares: resolved, denSquares: mine.length, numDen: resolved },
      error_rate: { num: 0, den: mine.length, numSquares: 0, denSquares: mine.length, numDen: 0 },
      cost_usd: cost,
    };
    return { units: mine.length, runs: mine.length, misassignedUnits: 0, metrics };
  };
  return decideRollout({
    policy: parseRolloutPolicy({}),
    daysSinceStart: 1,
    metrics: { resolution_rate: 'rate', error_rate: 'rate', cost_usd: 'mean' },
    strata: [{ releaseNumber: 1, candidatePercent: percent, baseline: arm('baseline'), candidate: arm('candidate') }],
  });
}

beforeAll(async () => {
  raw = await createTestConnection('watch_units');
  models = connect({ projectId: raw.projectId, datasetId: `${raw.datasetId}_models`, emulatorHost: raw.emulatorHost as string });
  dir = mkdtempSync(join(tmpdir(), 'agentver-watch-units-'));
  global = ['--emulator-host', raw.emulatorHost as string, '--project', raw.projectId, '--dataset', raw.datasetId, '--author', 'oncall'];
  expect((await cli(['init'])).code).toBe(0);

  // A/A at 20%, but 2 heavy candidate units of 120 runs resolve less (by chance): run-level rates
  // differ a lot, yet two units are little evidence. Four heavy baseline units keep the run share near 20%.
  const heavy = await canaryAgent(raw, 'heavy', [20]);
  const heavyUnits = [
    ...splitUnits(
      'u',
      500,
      20,
      (i) => 1 + (i % 3),
      () => 0.7,
    ),
    { unit: 'big-c1', visits: [{ state: 0, arm: 'candidate' as const, runs: 120, resolution: 0.35 }] },
    { unit: 'big-c2', visits: [{ state: 0, arm: 'candidate' as const, runs: 120, resolution: 0.45 }] },
    ...['big-b1', 'big-b2', 'big-b3', 'big-b4'].map((unit) => ({
      unit,
      visits: [{ state: 0, arm: 'baseline' as const, runs: 240, resolution: 0.7 }],
    })),
  ];
  executions.set('heavy', makeRuns('heavy', heavy, heavyUnits, 11));

  // A correct 20% unit split whose baseline units have many more runs: the run share is far from 20%.
  const skewed = await canaryAgent(raw, 'skewed', [20]);
  executions.set(
    'skewed',
    makeRuns(
      'skewed',
      skewed,
      splitUnits(
        's',
        1500,
        20,
        (i) => (i % 5 === 0 ? 1 : i % 10 === 1 ? 12 : 2),
        () => 0.7,
      ),
      12,
    ),
  );

  // A/A across a ramp 10% → 50%: every unit's rate is 0.75 in the first state and 0.55 in the
  // second (a drop shared by both arms). Pooled, the candidate leans to the second state.
  const ramp = await canaryAgent(raw, 'ramp', [10, 50]);
  const rampUnits = [
    ...splitUnits(
      'early',
      1500,
      10,
      () => 2,
      () => 0.75,
      0,
    ),
    ...splitUnits(
      'late',
      1000,
      50,
      () => 2,
      () => 0.55,
      1,
    ),
    // five units seen in both arms in one state: no single bucket explains them (0.2%: counted, below the 1% threshold)
    ...Array.from({ length: 5 }, (_, i) => ({
      unit: `mixed-${i}`,
      visits: [
        { state: 0, arm: 'baseline' as const, runs: 1, resolution: 0.75 },
        { state: 0, arm: 'candidate' as const, runs: 1, resolution: 0.75 },
      ],
    })),
  ];
  executions.set('ramp', makeRuns('ramp', ramp, rampUnits, 13));

  // A real 15-point drop (0.72 → 0.57) spread over many units with three runs each.
  const drop = await canaryAgent(raw, 'drop', [20]);
  executions.set(
    'drop',
    makeRuns(
      'drop',
      drop,
      splitUnits(
        'd',
        1500,
        20,
        () => 3,
        (arm) => (arm === 'candidate' ? 0.57 : 0.72),
      ),
      14,
    ),
  );

  // 4% of units served the baseline's version in the candidate arm: the assignment is broken.
  const served = await canaryAgent(raw, 'served', [20]);
  const servedUnits = splitUnits(
    'v',
    500,
    20,
    () => 2,
    () => 0.7,
  ).map((spec, i) =>
    i % 25 === 0 ? { ...spec, visits: spec.visits.map((visit) => ({ ...visit, arm: 'candidate' as const, version: 1 })) } : spec,
  );
  executions.set('served', makeRuns('served', served, servedUnits, 15));

  // One stream of the validity simulation (bench/unit-canary-simulation-kit.ts) ingested as runs:
  // the sums its decisions rest on must be the ones the SQL builds.
  const simulated = await canaryAgent(
    raw,
    'simulated',
    SIMULATED.schedule.map((s) => s.percent),
  );
  const stream = simulatedStream(SIMULATED);
  simulatedRows = stream.rows;
  executions.set(
    'simulated',
    stream.runs.map((run, i) => {
      const state = simulated[run.state] as { releaseNumber: number; startMs: number };
      const startedAt = new Date((simulated[0] as { startMs: number }).startMs + 1000 + Math.round(run.t * DAY));
      const candidate = run.candidate;
      return {
        execution_id: `simulated-${i}`,
        agent_id: 'simulated',
        agent_version_id: `simulated@${candidate ? 2 : 1}`,
        status: run.error ? 'failed' : 'succeeded',
        resolution: run.resolved ? 'resolved' : 'escalated',
        cost_usd: run.cost,
        started_at: startedAt.toISOString(),
        recorded_at: startedAt.toISOString(),
        release_label: 'production',
        release_number: state.releaseNumber,
        arm: candidate ? 'candidate' : 'baseline',
        assignment_unit: `sim-${run.unit}`,
      };
    }),
  );

  const table = raw.bigquery.dataset(raw.datasetId).table('task_executions');
  const all = [...executions.values()].flat();
  for (let at = 0; at < all.length; at += 5000) await table.insert(all.slice(at, at + 5000));
  const built = await cli(['models', 'run', '--format', 'json']);
  expect(built.code, built.stdout + built.stderr).toBe(0);
  const watched = await cli(['watch', '--format', 'json']);
  expect([0, 4, 5], watched.stderr).toContain(watched.code);
  decisions = new Map((watched.json() as WatchResult).decisions.map((d) => [d.agent_id, d]));
}, 300_000);

describe('watch by unit, end to end', () => {
  it('a few heavy units: the run-level rates differ enough to roll back, the unit-level evidence is weak → continue', () => {
    const heavy = decisions.get('heavy') as CanaryDecision;
    expect(heavy.decision).toBe('continue');
    expect(heavy.units).toEqual({ baseline: 404, candidate: 102 });
    expect(heavy.runs.candidate).toBeGreaterThan(300);
    const primary = heavy.metrics[0];
    expect(primary?.difference).toBeLessThan(-0.1);
    expect(primary?.interval?.[1]).toBeGreaterThan(0);
    expect(runLevelDecision(executions.get('heavy') as Execution[], 20).decision).toBe('rollback');
  });

  it('a correct unit split with run counts skewed by heavy units → not srm (run counts would be)', () => {
    const skewed = decisions.get('skewed') as CanaryDecision;
    expect(skewed.decision).not.toBe('srm');
    expect(skewed.decision).toBe('continue');
    expect(skewed.units).toEqual({ baseline: 1200, candidate: 300 });
    expect(skewed.srm_p_value).toBe(1);
    expect(skewed.runs.candidate / (skewed.runs.baseline + skewed.runs.candidate)).toBeLessThan(0.12);
    expect(runLevelDecision(executions.get('skewed') as Execution[], 20).decision).toBe('srm');
  });

  it('an A/A across a ramp whose rate drops between states for both arms → continue, compared within each entry state', () => {
    const ramp = decisions.get('ramp') as CanaryDecision;
    expect(ramp.decision).toBe('continue');
    expect(ramp.strata.map((s) => [s.candidate_percent, s.units.baseline, s.units.candidate])).toEqual([
      [10, 1350 + 5, 150],
      [50, 500, 500],
    ]);
    expect(ramp.misassigned_units).toBe(5);
    const primary = ramp.metrics[0];
    expect(primary?.strata.map((s) => s.weight)).toEqual([1505 / 2505, 1000 / 2505]);
    expect(Math.abs(primary?.difference as number)).toBeLessThan(0.05);
    // pooled over states, against the runs-weighted share (the run-level check's expectation): a false rollback
    const rows = executions.get('ramp') as Execution[];
    const first = rows.filter((row) => row.release_number === ramp.canary_release_number).length;
    const pooledShare = (first * 10 + (rows.length - first) * 50) / rows.length;
    expect(runLevelDecision(rows, Number(pooledShare.toFixed(2))).decision).toBe('rollback');
  });

  it('a real 15-point drop over many units → rollback', () => {
    const drop = decisions.get('drop') as CanaryDecision;
    expect(drop.decision).toBe('rollback');
    expect(drop.reason).toMatch(/^Roll back: resolution_rate is worse in the candidate/);
    expect(drop.units).toEqual({ baseline: 1200, candidate: 300 });
  });

  it('units served a version their arm does not serve, above 1% of units → misassigned, naming how many', () => {
    const served = decisions.get('served') as CanaryDecision;
    expect(served.decision).toBe('misassigned');
    expect(served.misassigned_units).toBe(20);
    expect(served.reason).toMatch(/^Assignment broken: 20 of 500 units \(4%; at most 5, 1%, are tolerated\)/);
  });

  it('canary_units keeps one row per unit with its entry state, first arm and flag; the strata sum them', async () => {
    const { rows } = await runQuery(
      models,
      `SELECT unit_id, entry_release_number, arm, is_misassigned, n_runs, n_resolved
       FROM {{dataset}}.canary_units WHERE agent_id = 'heavy' AND unit_id IN ('big-c1', 'big-b1', 'u-0', 'u-1')
       ORDER BY unit_id`,
    );
    const runs = executions.get('heavy') as Execution[];
    const resolved = (unit: string) => runs.filter((row) => row.assignment_unit === unit && row.resolution === 'resolved').length;
    expect(rows).toEqual([
      { unit_id: 'big-b1', entry_release_number: 2, arm: 'baseline', is_misassigned: false, n_runs: 240, n_resolved: resolved('big-b1') },
      { unit_id: 'big-c1', entry_release_number: 2, arm: 'candidate', is_misassigned: false, n_runs: 120, n_resolved: resolved('big-c1') },
      { unit_id: 'u-0', entry_release_number: 2, arm: 'candidate', is_misassigned: false, n_runs: 1, n_resolved: resolved('u-0') },
      { unit_id: 'u-1', entry_release_number: 2, arm: 'baseline', is_misassigned: false, n_runs: 2, n_resolved: resolved('u-1') },
    ]);
    // the stratum sums, checked against a per-unit computation from the rows ingested
    const perUnit = new Map<string, { arm: string; x: number; y: number }>();
    for (const row of runs) {
      const unit = perUnit.get(row.assignment_unit as string) ?? { arm: row.arm as string, x: 0, y: 0 };
      unit.y += 1;
      if (row.resolution === 'resolved') unit.x += 1;
      perUnit.set(row.assignment_unit as string, unit);
    }
    const { rows: strata } = await runQuery(
      models,
      `SELECT arm, n_units, sum_n_runs, sum_sq_n_runs, sum_n_resolved, sum_sq_n_resolved, sum_n_resolved_x_n_runs
       FROM {{dataset}}.canary_stratum_metrics WHERE agent_id = 'heavy' ORDER BY arm`,
    );
    expect(strata).toEqual(
      ['baseline', 'candidate'].map((arm) => {
        const units = [...perUnit.values()].filter((u) => u.arm === arm);
        return {
          arm,
          n_units: units.length,
          sum_n_runs: units.reduce((s, u) => s + u.y, 0),
          sum_sq_n_runs: units.reduce((s, u) => s + u.y * u.y, 0),
          sum_n_resolved: units.reduce((s, u) => s + u.x, 0),
          sum_sq_n_resolved: units.reduce((s, u) => s + u.x * u.x, 0),
          sum_n_resolved_x_n_runs: units.reduce((s, u) => s + u.x * u.y, 0),
        };
      }),
    );
  });

  it('sums a stream of the validity simulation as the simulation does: its decisions rest on the SQL numbers', async () => {
    const { rows } = await runQuery(
      models,
      `SELECT * FROM {{dataset}}.canary_stratum_metrics WHERE agent_id = 'simulated' ORDER BY entry_release_number, arm`,
    );
    const states = (
      await runQuery<{ release_number: number }>(
        models,
        `SELECT release_number FROM {{dataset}}.canary_states WHERE agent_id = 'simulated' ORDER BY release_number`,
      )
    ).rows.map((row) => row.release_number);
    const columns = [
      'sum_n_runs',
      'sum_sq_n_runs',
      'sum_n_resolved',
      'sum_sq_n_resolved',
      'sum_n_resolved_x_n_runs',
      'sum_n_errors',
      'sum_n_errors_x_n_runs',
      'sum_sum_cost_usd',
      'sum_sq_sum_cost_usd',
      'sum_sum_cost_usd_x_n_cost_usd',
    ];
    const fromSql = rows.map((row) => ({
      state: states.indexOf(row.entry_release_number as number),
      arm: row.arm,
      units: row.n_units,
      ...Object.fromEntries(columns.map((c) => [c, Number((row[c] as number).toPrecision(10))])),
    }));
    const fromSimulation = simulatedRows
      .map((row) => ({
        state: row.entryReleaseNumber - 1,
        arm: row.arm,
        units: row.units,
        ...Object.fromEntries(columns.map((c) => [c, Number((row.sums[c] as number).toPrecision(10))])),
      }))
      .sort((a, b) => a.state - b.state || a.arm.localeCompare(b.arm));
    expect(fromSql).toEqual(fromSimulation);
    expect(fromSql.map((row) => row.state)).toEqual([0, 0, 1, 1]);
  });
});
