// A staged rollout end to end on the emulator (issue 24): customers with a history of runs before
// the canary, a canary started with `agentver canary --ramp --stage-hours --ship-when no-harm`,
// traffic through the resolver (each customer its unit), `agentver models run`, and `agentver
// watch --apply`: a good candidate advances to the next share (a release row with the same salt,
// a decision row, every candidate customer still a candidate) and then ships; a harmful one rolls
// back at the first share. The marts' history sums are checked against the runs the test recorded.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  AgentResolver,
  type CanaryDecision,
  type Connection,
  connect,
  createAgent,
  editAgent,
  getCurrentRelease,
  releaseLabel,
  runQuery,
  TelemetryRecorder,
  type WatchResult,
} from 'agentver';
import { beforeAll, describe, expect, it } from 'vitest';
import { mulberry32 } from '../../src/demo/seeded-random.js';
import { type CliRun, runCliCaptured } from './cli-harness.js';
import { createTestConnection } from './test-connection.js';

let raw: Connection;
let models: Connection;
let global: string[];
let dir: string;
const cli = (args: string[]): Promise<CliRun> => runCliCaptured([...args, ...global], { cwd: dir });
const HOUR = 60 * 60 * 1000;
// A stage of 0.002 h (7.2 s): a models run between looks takes longer, so each stage has served its time.
const STAGE_HOURS = 0.002;

/** One run the test recorded: whose, before the canary or in it, which arm, and its outcome. */
interface Recorded {
  agentId: string;
  unit: string;
  pre: boolean;
  arm: 'baseline' | 'candidate' | null;
  resolved: boolean;
}
const recorded: Recorded[] = [];

/** A customer's own propensity to be resolved: most are easy, some hard (what CUPED learns from their history). */
const propensity = (unit: number) => (unit % 10 < 7 ? 0.95 : 0.25);

/**
 * `customers` customers each make `runs` runs through the resolver on `label` (a fresh resolver:
 * it reads the label's current state), starting at `since`, one a second, each resolved with the
 * customer's propensity shifted by the served version's effect. Returns the resolved arms by customer.
 */
async function traffic(
  agentId: string,
  options: { customers: number; runs: number; since: Date; pre: boolean; effect: (version: number) => number; seed: number },
): Promise<Map<string, 'baseline' | 'candidate' | null>> {
  const next = mulberry32(options.seed);
  const resolver = new AgentResolver(raw);
  const recorder = new TelemetryRecorder(raw, { maxBatchRows: 1000, flushOnExit: false });
  const arms = new Map<string, 'baseline' | 'candidate' | null>();
  let i = 0;
  for (let run = 0; run < options.runs; run++) {
    for (let c = 0; c < options.customers; c++) {
      const unit = `customer-${c}`;
      const served = await resolver.resolve(agentId, { label: 'production', unit });
      arms.set(unit, served.arm);
      const resolved = next() < Math.min(1, Math.max(0, propensity(c) + options.effect(served.version)));
      const startedAt = new Date(options.since.getTime() + 1000 * ++i);
      recorder.recordExecution({
        ...served.tags,
        execution_id: `${agentId}-${options.seed}-${run}-${c}`,
        task_type: 'ticket',
        status: 'succeeded',
        resolution: resolved ? 'resolved' : 'escalated',
        cost_usd: 0.02 * (0.95 + 0.1 * next()),
        latency_ms: 1500 + 100 * next(),
        started_at: startedAt,
        ended_at: new Date(startedAt.getTime() + 3000),
      });
      recorded.push({ agentId, unit, pre: options.pre, arm: served.arm, resolved });
    }
  }
  const { rejected } = await recorder.close();
  expect(rejected).toEqual([]);
  return arms;
}

async function agentWithBaseline(agentId: string): Promise<void> {
  const config = { name: agentId, system_prompt: 'Resolve tickets.', model: 'gpt-4.1', temperature: 0.2 };
  await createAgent(raw, agentId, config, { author: 'test', message: 'first' });
  await editAgent(raw, agentId, { config: { ...config, temperature: 0.5 } }, { author: 'test', message: 'second' });
  await releaseLabel(raw, { agentId, label: 'production', version: 1, author: 'test' });
}

async function watch(args: string[]): Promise<{ run: CliRun; byAgent: Map<string, CanaryDecision> }> {
  const run = await cli(['watch', ...args, '--format', 'json']);
  const result = run.json() as WatchResult;
  return { run, byAgent: new Map(result.decisions.map((d) => [d.agent_id, d])) };
}

let firstLook: Map<string, CanaryDecision>;
let firstLookCode: number;
let applied: Map<string, CanaryDecision>;
let candidatesAtFirst: string[];

beforeAll(async () => {
  raw = await createTestConnection('staged');
  models = connect({ projectId: raw.projectId, datasetId: `${raw.datasetId}_models`, emulatorHost: raw.emulatorHost as string });
  dir = mkdtempSync(join(tmpdir(), 'agentver-staged-'));
  global = ['--emulator-host', raw.emulatorHost as string, '--project', raw.projectId, '--dataset', raw.datasetId, '--author', 'oncall'];
  expect((await cli(['init'])).code).toBe(0);

  // Each customer's history: three runs of version 1 in the two days before the canary.
  const before = new Date(Date.now() - 48 * HOUR);
  for (const [agentId, seed] of [
    ['good', 1],
    ['harmful', 2],
  ] as const) {
    await agentWithBaseline(agentId);
    await traffic(agentId, { customers: 1100, runs: 3, since: before, pre: true, effect: () => 0, seed });
    const started = await cli([
      'canary',
      agentId,
      '2',
      '--label',
      'production',
      '--ramp',
      '20,50,100',
      '--stage-hours',
      String(STAGE_HOURS),
      '--ship-when',
      'no-harm',
    ]);
    expect(started.code, started.stderr).toBe(0);
  }
  const since = new Date();
  const goodArms = await traffic('good', { customers: 1100, runs: 1, since, pre: false, effect: (v) => (v === 2 ? 0.04 : 0), seed: 3 });
  candidatesAtFirst = [...goodArms].filter(([, arm]) => arm === 'candidate').map(([unit]) => unit);
  await traffic('harmful', { customers: 1100, runs: 1, since, pre: false, effect: (v) => (v === 2 ? -0.45 : 0), seed: 4 });
  const built = await cli(['models', 'run']);
  expect(built.code, built.stderr).toBe(0);

  const look = await watch([]);
  firstLook = look.byAgent;
  firstLookCode = look.run.code;
  applied = (await watch(['--apply'])).byAgent;
}, 600_000);

describe('a staged rollout on the emulator', () => {
  it('stores the ramp, the stage hours and the ship rule with the canary, which starts at the first share', async () => {
    const release = await getCurrentRelease(raw, 'harmful', 'production');
    expect(release).not.toBeNull();
    // the canary's first state holds the policy
    const { rows } = await runQuery<{ policy: string; candidate_percent: number }>(
      raw,
      `SELECT TO_JSON_STRING(rollout_policy) AS policy, candidate_percent FROM {{dataset}}.agent_releases
       WHERE agent_id = 'good' AND kind = 'canary' ORDER BY release_number LIMIT 1`,
    );
    expect(rows[0]?.candidate_percent).toBe(20);
    expect(JSON.parse(rows[0]?.policy as string)).toMatchObject({ ramp: [20, 50, 100], stageHours: STAGE_HOURS, shipWhen: 'no-harm' });
  });

  it('says what it would do without --apply, and exits 4', () => {
    expect(firstLookCode).toBe(4);
    const good = firstLook.get('good') as CanaryDecision;
    expect(good).toMatchObject({ decision: 'advance', applied: false, candidate_percent: 20 });
    expect(good.schedule).toMatchObject({ ramp: [20, 50, 100], next_percent: 50, ship_when: 'no-harm' });
    expect(good.apply_note).toBe(
      `not applied: run watch --apply, or agentver canary good 2 --label production --percent 50 --expected-release ${good.release_number}`,
    );
    expect(firstLook.get('harmful')?.decision).toBe('rollback');
  });

  it('adjusts by each customer’s history: the strata with history carry CUPED, and the variance falls', () => {
    const good = firstLook.get('good') as CanaryDecision;
    const primary = good.metrics.find((m) => m.role === 'primary');
    expect(primary?.strata.some((s) => s.has_history && s.theta > 0)).toBe(true);
    expect(primary?.varianceReduction).toBeGreaterThan(0.2);
    expect(good.method).toMatch(/CUPED/);
  });

  it('sums each unit’s runs before the canary into the pre_ columns, as recorded', async () => {
    const { rows } = await runQuery<Record<string, number | boolean | string>>(
      models,
      `SELECT arm, has_history, n_units, sum_n_runs, sum_n_resolved, sum_pre_n_runs, sum_pre_n_resolved, sum_sq_pre_n_resolved,
         sum_n_resolved_x_pre_n_resolved
       FROM {{dataset}}.canary_stratum_metrics WHERE agent_id = 'good' ORDER BY arm, has_history`,
    );
    const expected = ['baseline', 'candidate'].map((arm) => {
      const units = new Map<string, { n: number; x: number; v: number; u: number }>();
      for (const r of recorded.filter((r) => r.agentId === 'good' && !r.pre && r.arm === arm)) {
        const unit = units.get(r.unit) ?? { n: 0, x: 0, v: 0, u: 0 };
        units.set(r.unit, { ...unit, n: unit.n + 1, x: unit.x + (r.resolved ? 1 : 0) });
      }
      for (const r of recorded.filter((r) => r.agentId === 'good' && r.pre && units.has(r.unit))) {
        const unit = units.get(r.unit) as { n: number; x: number; v: number; u: number };
        units.set(r.unit, { ...unit, v: unit.v + 1, u: unit.u + (r.resolved ? 1 : 0) });
      }
      const all = [...units.values()];
      const sum = (f: (u: { n: number; x: number; v: number; u: number }) => number) => all.reduce((t, u) => t + f(u), 0);
      return {
        arm,
        has_history: true,
        n_units: all.length,
        sum_n_runs: sum((u) => u.n),
        sum_n_resolved: sum((u) => u.x),
        sum_pre_n_runs: sum((u) => u.v),
        sum_pre_n_resolved: sum((u) => u.u),
        sum_sq_pre_n_resolved: sum((u) => u.u * u.u),
        sum_n_resolved_x_pre_n_resolved: sum((u) => u.x * u.u),
      };
    });
    // every customer has history here, so every row is has_history
    expect(rows.map((r) => ({ ...r, n_units: Number(r.n_units), sum_n_runs: Number(r.sum_n_runs) }))).toEqual(expected);
  });

  it('advances a good candidate to the next share: a release row with the same salt, a decision row, the same customers on the candidate', async () => {
    const good = applied.get('good') as CanaryDecision;
    expect(good).toMatchObject({ decision: 'advance', applied: true });
    const release = await getCurrentRelease(raw, 'good', 'production');
    expect(release).toMatchObject({ kind: 'canary', candidatePercent: 50, releaseNumber: good.applied_release_number });
    const { rows } = await runQuery<{ salts: number; decision: string; applied: boolean }>(
      raw,
      `SELECT
         (SELECT COUNT(DISTINCT assignment_salt) FROM {{dataset}}.agent_releases WHERE agent_id = 'good' AND kind = 'canary') AS salts,
         decision, applied
       FROM {{dataset}}.release_decisions WHERE agent_id = 'good' AND applied ORDER BY decided_at DESC LIMIT 1`,
    );
    expect(rows[0]).toEqual({ salts: 1, decision: 'advance', applied: true });
    // every customer on the candidate at 20% is on it at 50%
    const resolver = new AgentResolver(raw);
    for (const unit of candidatesAtFirst) {
      expect((await resolver.resolve('good', { label: 'production', unit })).arm).toBe('candidate');
    }
    expect(candidatesAtFirst.length).toBeGreaterThan(150);
  });

  it('rolls a harmful candidate back at the first share', async () => {
    expect(applied.get('harmful')).toMatchObject({ decision: 'rollback', applied: true });
    expect(await getCurrentRelease(raw, 'harmful', 'production')).toMatchObject({ kind: 'rollback', version: 1, candidateVersion: null });
  });

  it('ships the good candidate at the end of the ramp when nothing shows harm', async () => {
    const since = new Date();
    await traffic('good', { customers: 1100, runs: 1, since, pre: false, effect: (v) => (v === 2 ? 0.04 : 0), seed: 5 });
    expect((await cli(['models', 'run'])).code).toBe(0);
    const { byAgent, run } = await watch(['--apply']);
    const good = byAgent.get('good') as CanaryDecision;
    expect(good.decision, good.reason).toBe('promote');
    expect(good.reason).toMatch(/^Promote: the ramp is done \(50% for [\d.]+ h\) with no harm/);
    expect(run.code).toBe(0);
    expect(await getCurrentRelease(raw, 'good', 'production')).toMatchObject({ kind: 'promote', version: 2, candidateVersion: null });
  }, 300_000);
});
