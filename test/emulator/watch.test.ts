// `agentver watch` end to end on the emulator: canaries started through the release writer, runs
// tagged as the resolver tags them, one Dataform run (`agentver models run`), then the watch:
// a harmful candidate is rolled back, an identical one continues (across a ramp), a broken split is
// srm, a label moved after the evaluation is left alone, and every look is a release_decisions row.
import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import {
  applyDecision,
  type CanaryDecision,
  type Connection,
  connect,
  createAgent,
  editAgent,
  releaseLabel,
  runQuery,
  startCanary,
  type WatchResult,
} from 'agentver';
import { beforeAll, describe, expect, it } from 'vitest';
import { mulberry32, normalGenerator } from '../../src/demo/seeded-random.js';
import { type CliRun, runCliCaptured } from './cli-harness.js';
import { canaryAgent } from './release-fixtures.js';
import { createTestConnection } from './test-connection.js';

const DAY = 24 * 60 * 60 * 1000;
const DAYS = 3;

let raw: Connection;
let models: Connection;
let global: string[];
let dir: string;
const cli = (args: string[]): Promise<CliRun> => runCliCaptured([...args, ...global], { cwd: dir });

interface Segment {
  releaseNumber: number;
  startMs: number;
  runs: number;
  /** The share of runs the candidate actually gets (a broken split differs from the configured one). */
  candidateShare: number;
}

interface Scenario {
  agentId: string;
  resolution: { baseline: number; candidate: number };
  segments: Segment[];
}

type Execution = Record<string, string | number | boolean | null>;

/** Runs spread over DAYS days from each segment's start, tagged with the label, state and arm; heavy-tailed cost and latency. */
function makeRuns(scenario: Scenario, seed: number): Execution[] {
  const next = mulberry32(seed);
  const normal = normalGenerator(next);
  const rows: Execution[] = [];
  for (const segment of scenario.segments) {
    for (let i = 0; i < segment.runs; i++) {
      const arm = next() < segment.candidateShare ? 'candidate' : 'baseline';
      const version = arm === 'candidate' ? 2 : 1;
      const resolved = next() < scenario.resolution[arm];
      const failed = next() < 0.02;
      const startedAt = new Date(segment.startMs + 1000 + Math.floor((i / segment.runs) * DAYS * DAY));
      rows.push({
        execution_id: `${scenario.agentId}-${segment.releaseNumber}-${i}`,
        agent_id: scenario.agentId,
        agent_version_id: `${scenario.agentId}@${version}`,
        task_type: 'ticket',
        status: failed ? 'failed' : 'succeeded',
        resolution: resolved ? 'resolved' : 'escalated',
        cost_usd: 0.01 * Math.exp(1.5 * normal()),
        input_tokens: 800 + Math.floor(next() * 400),
        output_tokens: 200 + Math.floor(next() * 100),
        latency_ms: 2000 * Math.exp(0.8 * normal()),
        started_at: startedAt.toISOString(),
        ended_at: new Date(startedAt.getTime() + 4000).toISOString(),
        recorded_at: new Date(startedAt.getTime() + 5000).toISOString(),
        release_label: 'production',
        release_number: segment.releaseNumber,
        arm,
        assignment_unit: `ticket-${segment.releaseNumber}-${i}`,
      });
    }
  }
  return rows;
}

const byAgent = (result: WatchResult) => new Map(result.decisions.map((d) => [d.agent_id, d]));
let identicalRuns: Execution[];
let firstWatch: WatchResult;

beforeAll(async () => {
  raw = await createTestConnection('watch');
  models = connect({ projectId: raw.projectId, datasetId: `${raw.datasetId}_models`, emulatorHost: raw.emulatorHost as string });
  dir = mkdtempSync(join(tmpdir(), 'agentver-watch-'));
  global = ['--emulator-host', raw.emulatorHost as string, '--project', raw.projectId, '--dataset', raw.datasetId, '--author', 'oncall'];
  expect((await cli(['init'])).code).toBe(0);

  const [harmful] = await canaryAgent(raw, 'harmful', [20]);
  const [identical10, identical20] = await canaryAgent(raw, 'identical', [10, 20]);
  const [broken] = await canaryAgent(raw, 'broken', [20]);
  const [raced] = await canaryAgent(raw, 'raced', [20]);
  if (!harmful || !identical10 || !identical20 || !broken || !raced) throw new Error('fixture changed');
  const worse = { baseline: 0.72, candidate: 0.5 };
  identicalRuns = makeRuns(
    {
      agentId: 'identical',
      resolution: { baseline: 0.7, candidate: 0.7 },
      segments: [
        { ...identical10, runs: 600, candidateShare: 0.1 },
        { ...identical20, runs: 1400, candidateShare: 0.2 },
      ],
    },
    2,
  );
  const runs = [
    ...makeRuns({ agentId: 'harmful', resolution: worse, segments: [{ ...harmful, runs: 2000, candidateShare: 0.2 }] }, 1),
    ...identicalRuns,
    // configured 20%, served 8%: the assignment or the logging is broken
    ...makeRuns({ agentId: 'broken', resolution: worse, segments: [{ ...broken, runs: 2000, candidateShare: 0.08 }] }, 3),
    ...makeRuns({ agentId: 'raced', resolution: worse, segments: [{ ...raced, runs: 2000, candidateShare: 0.2 }] }, 4),
    // before its canary began: not counted
    ...makeRuns(
      {
        agentId: 'harmful',
        resolution: worse,
        segments: [{ ...harmful, startMs: harmful.startMs - 2 * DAY, runs: 50, candidateShare: 0.5 }],
      },
      5,
    ).map((row) => ({ ...row, execution_id: `early-${row.execution_id}`, started_at: new Date(harmful.startMs - DAY).toISOString() })),
  ];
  const table = raw.bigquery.dataset(raw.datasetId).table('task_executions');
  for (let at = 0; at < runs.length; at += 5000) await table.insert(runs.slice(at, at + 5000));

  const built = await cli(['models', 'run', '--format', 'json']);
  expect(built.code, built.stdout + built.stderr).toBe(0);
  const watched = await cli(['watch', '--format', 'json']);
  expect(watched.code, watched.stderr).toBe(5);
  firstWatch = watched.json() as WatchResult;
}, 240_000);

describe('canary_units and canary_stratum_metrics', () => {
  it('keeps a ramp as one canary, counts only runs since it began, strata by entry state, caps at the pooled nearest-rank p99', async () => {
    const { rows } = await runQuery(
      models,
      `SELECT canary_release_number, entry_release_number, entry_candidate_percent, arm, n_units, n_misassigned_units,
         sum_n_runs, sum_sq_n_runs, sum_n_resolved, sum_n_resolved_x_n_runs, sum_n_errors, sum_sum_cost_usd, sum_sq_sum_cost_usd
       FROM {{dataset}}.canary_stratum_metrics WHERE agent_id = 'identical'
       ORDER BY entry_release_number, arm`,
    );
    const costs = identicalRuns.map((row) => row.cost_usd as number).sort((a, b) => a - b);
    const cap = costs[Math.ceil(0.99 * costs.length) - 1] as number;
    // every run here has its own unit: the unit-level sums are the run-level ones
    const expected = [2, 3].flatMap((releaseNumber) =>
      ['baseline', 'candidate'].map((arm) => {
        const mine = identicalRuns.filter((row) => row.release_number === releaseNumber && row.arm === arm);
        const capped = mine.map((row) => Math.min(row.cost_usd as number, cap));
        const resolved = mine.filter((row) => row.resolution === 'resolved').length;
        return {
          canary_release_number: 2,
          entry_release_number: releaseNumber,
          entry_candidate_percent: releaseNumber === 2 ? 10 : 20,
          arm,
          n_units: mine.length,
          n_misassigned_units: 0,
          sum_n_runs: mine.length,
          sum_sq_n_runs: mine.length,
          sum_n_resolved: resolved,
          sum_n_resolved_x_n_runs: resolved,
          sum_n_errors: mine.filter((row) => row.status === 'failed').length,
          sum_sum_cost_usd: capped.reduce((s, x) => s + x, 0),
          sum_sq_sum_cost_usd: capped.reduce((s, x) => s + x * x, 0),
        };
      }),
    );
    expect(rows.map(round)).toEqual(expected.map(round));
    expect(costs.filter((x) => x > cap).length).toBe(costs.length - Math.ceil(0.99 * costs.length));

    const early = await runQuery(models, `SELECT SUM(sum_n_runs) AS n FROM {{dataset}}.canary_stratum_metrics WHERE agent_id = 'harmful'`);
    expect(early.rows).toEqual([{ n: 2000 }]);
  });
});

describe('agentver watch', () => {
  it('rolls back a harmful candidate, continues an identical one across its ramp, and flags a broken split as srm', () => {
    const decisions = byAgent(firstWatch);
    expect([...decisions.keys()]).toEqual(['broken', 'harmful', 'identical', 'raced']);
    for (const decision of firstWatch.decisions) {
      for (const key of ['agent_id', 'label', 'release_number', 'decision', 'reason', 'srm_p_value', 'metrics', 'applied']) {
        expect(decision, key).toHaveProperty(key);
      }
      expect(decision.applied).toBe(false);
    }
    const harmful = decisions.get('harmful') as CanaryDecision;
    expect(harmful).toMatchObject({ label: 'production', release_number: 2, decision: 'rollback', canary_release_number: 2 });
    expect(harmful.reason).toMatch(/^Roll back: resolution_rate is worse in the candidate/);
    expect(harmful.srm_p_value).toBeGreaterThan(0.001);
    expect(harmful.runs.baseline + harmful.runs.candidate).toBe(2000);
    expect(harmful.metrics.map((m) => [m.metric, m.role])).toEqual([
      ['resolution_rate', 'primary'],
      ['error_rate', 'guardrail'],
      ['cost_usd', 'guardrail'],
    ]);
    expect(harmful.metrics[0]?.verdict).toBe('worse');
    expect(harmful.apply_note).toBe('not applied: run watch --apply, or agentver rollback harmful --label production --expected-release 2');

    const identical = decisions.get('identical') as CanaryDecision;
    expect(identical).toMatchObject({ decision: 'continue', release_number: 3, canary_release_number: 2, candidate_percent: 20 });
    expect(identical.runs.baseline + identical.runs.candidate).toBe(2000);
    expect(identical.units).toEqual(identical.runs);
    // each entry state is checked against its own share; on average (600·10 + 1400·20) / 2000
    expect(identical.expected_candidate_percent).toBeCloseTo(17, 0);
    expect(identical.strata.map((s) => [s.release_number, s.candidate_percent, s.units.baseline + s.units.candidate])).toEqual([
      [2, 10, 600],
      [3, 20, 1400],
    ]);
    expect(identical.srm_p_value).toBeGreaterThan(0.001);

    const broken = decisions.get('broken') as CanaryDecision;
    expect(broken.decision).toBe('srm');
    expect(broken.srm_p_value).toBeLessThan(1e-6);
    expect(broken.reason).toMatch(/^Sample ratio mismatch: the candidate got [\d.]+% of 2000 units against 20% \(entered at release 2\)/);
  });

  it('writes one release_decisions row per canary in the run, with the evidence as JSON', async () => {
    const { rows } = await runQuery(
      raw,
      `SELECT request_id, agent_id, label, release_number, canary_release_number, decision, reason, srm_p_value, method, author,
         session_user, applied, applied_release_number, apply_note, TO_JSON_STRING(evidence) AS evidence
       FROM {{dataset}}.release_decisions WHERE request_id = @request_id ORDER BY agent_id`,
      { request_id: { type: 'STRING', value: firstWatch.request_id } },
    );
    expect(rows.map((row) => [row.agent_id, row.decision, row.applied, row.author])).toEqual([
      ['broken', 'srm', false, 'oncall'],
      ['harmful', 'rollback', false, 'oncall'],
      ['identical', 'continue', false, 'oncall'],
      ['raced', 'rollback', false, 'oncall'],
    ]);
    const harmful = rows[1] as Record<string, unknown>;
    const decision = byAgent(firstWatch).get('harmful') as CanaryDecision;
    expect(harmful).toMatchObject({ release_number: 2, canary_release_number: 2, reason: decision.reason, method: decision.method });
    expect(harmful.srm_p_value).toBeCloseTo(decision.srm_p_value, 12);
    const evidence = JSON.parse(harmful.evidence as string);
    expect(evidence.decision).toMatchObject({
      decision: 'rollback',
      runs: decision.runs,
      units: decision.units,
      strata: decision.strata,
      metrics: decision.metrics,
    });
    expect(harmful.method).toMatch(/unit-level delta method .* within strata by entry state/);
    expect(evidence.look).toMatchObject({ policy: { primary: 'resolution_rate', maxDays: 14 }, states: expect.any(Array) });
    expect(evidence.look.caps.cost_usd).toBeGreaterThan(0);
  });

  it('exit codes: 4 while a rollback awaits, 0 when a canary continues, 5 on srm; text shows the evidence', async () => {
    const awaits = await cli(['watch', 'harmful']);
    expect(awaits.code).toBe(4);
    expect(awaits.stdout).toMatch(
      /^production of harmful, release 2 \(canary since release 2, day [\d.]+\): version 1 \(baseline\) vs version 2/,
    );
    expect(awaits.stdout).toMatch(/ {2}decision: rollback\n {2}reason: {3}Roll back: resolution_rate is worse/);
    expect(awaits.stdout).toMatch(/ {2}units: {4}baseline \d+, candidate \d+ \(candidate [\d.]+%, expected 20%\); SRM p = /);
    expect(awaits.stdout).toMatch(/ {2}runs: {5}baseline \d+, candidate \d+\n/);
    expect(awaits.stdout).toMatch(
      /resolution_rate +primary +0\.7\d* +0\.[45]\d* +-0\.\d+ +\[-0\.\d+, -0\.\d+\] +([−+][\d.]+% var +)?worse/,
    );
    expect((await cli(['watch', 'identical', '--label', 'production'])).code).toBe(0);
    expect((await cli(['watch', 'broken'])).code).toBe(5);
    expect((await cli(['watch', 'nobody', '--format', 'json'])).json()).toMatchObject({ decisions: [] });
  });

  it('with --apply (the built binary) rolls the harmful canary back: the label serves the baseline at 100%', async () => {
    const binary = new URL('../../dist/cli/main.js', import.meta.url).pathname;
    const { stdout } = await promisify(execFile)(process.execPath, [binary, 'watch', 'harmful', '--apply', '--format', 'json', ...global], {
      cwd: dir,
    });
    const result = JSON.parse(stdout) as WatchResult;
    const [decision] = result.decisions;
    expect(decision).toMatchObject({ decision: 'rollback', applied: true, applied_release_number: 3 });
    // the decision row went in before the move, the outcome after it
    const { rows } = await runQuery(
      raw,
      `SELECT decision, applied, applied_release_number, apply_note FROM {{dataset}}.release_decisions
       WHERE request_id = @request_id ORDER BY applied`,
      { request_id: { type: 'STRING', value: result.request_id } },
    );
    expect(rows).toEqual([
      {
        decision: 'rollback',
        applied: false,
        applied_release_number: null,
        apply_note: `applying: watch moves label production as request ${result.request_id}:harmful:production; a later row of this watch run says how it ended`,
      },
      { decision: 'rollback', applied: true, applied_release_number: 3, apply_note: 'rolled back: release 3 serves version 1 at 100%' },
    ]);
    const labels = (await cli(['labels', 'harmful', '--format', 'json'])).json();
    expect(labels).toMatchObject({
      labels: [{ label: 'production', releaseNumber: 3, kind: 'rollback', routes: [{ version: 1, arm: null, percent: 100 }] }],
    });
    // the canary no longer runs: nothing to evaluate, exit 0
    expect((await cli(['watch', 'harmful', '--format', 'json'])).json()).toMatchObject({ decisions: [] });
  });

  it('leaves a label moved after the evaluation alone: applied false, the note says who, nothing written', async () => {
    const evaluated = byAgent(firstWatch).get('raced') as CanaryDecision;
    await startCanary(raw, { agentId: 'raced', label: 'production', version: 2, percent: 30, author: 'ann@acme.dev' });
    const outcome = await applyDecision(
      raw,
      { agentId: 'raced', label: 'production', releaseNumber: evaluated.release_number, candidateVersion: 2, nextPercent: null },
      'rollback',
      {
        apply: true,
        author: 'oncall',
        requestId: 'watch-raced',
        reason: evaluated.reason,
      },
    );
    expect(outcome).toMatchObject({ applied: false, applied_release_number: null });
    expect(outcome.apply_note).toMatch(/^not applied: label production moved meanwhile to release 3 by ann@acme\.dev at .*, not release 2/);
    const history = (await cli(['labels', 'raced', '--history', 'production', '--format', 'json'])).json() as Array<{ kind: string }>;
    expect(history.map((state) => state.kind)).toEqual(['canary', 'canary', 'release']);
  });

  it('says to run the models first when canary_stratum_metrics (or, for compare, version_daily_metrics) was never built', async () => {
    const fresh = await createTestConnection('watch_unbuilt');
    const args = ['--emulator-host', fresh.emulatorHost as string, '--project', fresh.projectId, '--dataset', fresh.datasetId];
    expect((await runCliCaptured(['init', ...args], { cwd: dir })).code).toBe(0);
    await createAgent(fresh, 'lonely', { name: 'Lonely', system_prompt: 'Hi.', model: 'gpt-4.1' }, { author: 'test', message: 'v1' });
    await editAgent(
      fresh,
      'lonely',
      { config: { name: 'Lonely', system_prompt: 'Hello.', model: 'gpt-4.1' } },
      { author: 'test', message: 'v2' },
    );
    await releaseLabel(fresh, { agentId: 'lonely', label: 'production', version: 1, author: 'test' });
    await startCanary(fresh, { agentId: 'lonely', label: 'production', version: 2, percent: 10, author: 'test' });
    const run = await runCliCaptured(['watch', ...args], { cwd: dir });
    expect(run).toMatchObject({ code: 1, stderr: expect.stringContaining('canary_stratum_metrics does not exist') });
    expect(run.stderr).toContain('hint: This models dataset was built before watch decided by unit: run `agentver models run` once');
    // compare reads the models too: the same not-found error, naming its model.
    const compared = await runCliCaptured(['compare', 'lonely', ...args], { cwd: dir });
    expect(compared).toMatchObject({ code: 1, stderr: expect.stringContaining('version_daily_metrics does not exist') });
    expect(compared.stderr).toContain('hint: Build the models first: agentver models run');
  });

  it('refuses bad input with exit 2 and writes nothing', async () => {
    const count = async () => (await runQuery<{ n: number }>(raw, 'SELECT COUNT(*) AS n FROM {{dataset}}.release_decisions')).rows[0]?.n;
    const before = await count();
    const bad = await cli(['watch', 'Not An Agent']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/agent_id/);
    const label = await cli(['watch', '--label', 'Prod']);
    expect(label).toMatchObject({ code: 2, stderr: expect.stringMatching(/label: must start with a lowercase letter/) });
    expect(await count()).toBe(before);
    expect((await cli(['watch', '--help'])).stdout).toContain('run `agentver models run` first');
  });
});

/** Floats summed in another order differ in their last bits; compare them to 12 significant digits. */
function round(row: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(row).map(([k, v]) => [k, typeof v === 'number' && !Number.isInteger(v) ? Number(v.toPrecision(12)) : v]),
  );
}
