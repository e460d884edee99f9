// compare, report and models through the CLI. The first tests write the version_daily_metrics mart
// by hand (known sums, fast); the last one builds it with `agentver models run` from telemetry.

import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Connection, connect, createAgent, editAgent, initStore, param, runQuery, startEmulator, TelemetryRecorder } from 'agentver';
import { beforeAll, describe, expect, it } from 'vitest';
import { METRIC_COLUMNS } from '../../src/report/engine/metrics.js';
import { runCliCaptured } from './cli-harness.js';
import { createTestConnection } from './test-connection.js';
import { createMarts, writeGradeMetrics } from './ui-fixtures.js';

let store: Connection;
let marts: Connection;
let dir: string;

async function cli(args: string[]) {
  const target = [
    '--emulator-host',
    store.emulatorHost as string,
    '--project',
    store.projectId,
    '--dataset',
    store.datasetId,
    '--author',
    'tester',
  ];
  return runCliCaptured([...args, ...target], { cwd: dir });
}

async function writeDailyMetrics(rows: Array<{ version: number; date: string; columns: Record<string, number> }>): Promise<void> {
  for (const row of rows) {
    const columns = ['n_runs', ...METRIC_COLUMNS.filter((column) => column !== 'n_runs')];
    await runQuery(
      marts,
      `INSERT INTO {{dataset}}.version_daily_metrics (agent_id, agent_version_id, agent_version, run_date, ${columns.join(', ')})
       VALUES (@agent_id, @agent_version_id, @version, CAST(@run_date AS DATE), ${columns.map((column) => `@${column}`).join(', ')})`,
      {
        agent_id: param.string('triage'),
        agent_version_id: param.string(`triage@${row.version}`),
        version: param.int64(row.version),
        run_date: param.string(row.date),
        ...Object.fromEntries(columns.map((column) => [column, param.float64(row.columns[column] ?? 0)])),
      },
    );
  }
}

beforeAll(async () => {
  store = await createTestConnection('report');
  await initStore(store);
  marts = await createMarts(store);
  dir = mkdtempSync(join(tmpdir(), 'agentver-report-'));
  const base = { name: 'Triage', system_prompt: 'Resolve tickets.\nEscalate refunds.', model: 'gpt-4.1', temperature: 0.3 };
  await createAgent(store, 'triage', base, { author: 'a', message: 'v1' });
  await editAgent(store, 'triage', { patch: { systemPrompt: 'Resolve tickets.\nOffer refunds.' } }, { author: 'b', message: 'refunds' });
  // Version 1: 72% of 500 resolved over two days; version 2: 58% of 500.
  await writeDailyMetrics([
    {
      version: 1,
      date: '2026-11-01',
      columns: { n_runs: 250, n_resolved: 180, n_succeeded: 250, n_cost_usd: 250, sum_cost_usd: 25, sum_sq_cost_usd: 2.6 },
    },
    {
      version: 1,
      date: '2026-11-02',
      columns: { n_runs: 250, n_resolved: 180, n_succeeded: 250, n_cost_usd: 250, sum_cost_usd: 25, sum_sq_cost_usd: 2.6 },
    },
    {
      version: 2,
      date: '2026-11-03',
      columns: { n_runs: 500, n_resolved: 290, n_succeeded: 500, n_cost_usd: 500, sum_cost_usd: 50, sum_sq_cost_usd: 5.2 },
    },
  ]);
  // helpfulness graded on 30% of version 1's runs and 90% of version 2's, 80% passing in both.
  await writeGradeMetrics(marts, 'triage', 1, '2026-11-01', 'helpfulness', { n_graded: 150, n_verdicts: 150, n_passed: 120 });
  await writeGradeMetrics(marts, 'triage', 2, '2026-11-03', 'helpfulness', { n_graded: 450, n_verdicts: 450, n_passed: 360 });
});

describe('compare', () => {
  it('compares the latest version with its parent, shows the diff and the rollback command', async () => {
    const run = await cli(['compare', 'triage']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('triage@1 → triage@2: worse (runs: 500 vs 500)');
    expect(run.stdout).toMatch(/resolution rate\s+72\.0% \(n=500\)\s+58\.0% \(n=500\)\s+−14\.0 pp/);
    expect(run.stdout).toContain('system prompt changed at line 2');
    expect(run.stdout).toContain('agentver rollback triage --to 1');
    expect(run.stdout).toContain('different times');
  });

  it('gives the numbers as JSON, limits days, and fails on worse when asked', async () => {
    const json = JSON.parse((await cli(['compare', 'triage', '1', '2', '--format', 'json'])).stdout);
    const resolution = json.comparison.metrics.find((m: { metric: string }) => m.metric === 'resolution_rate');
    expect(resolution).toMatchObject({ baseline: { n: 500, value: 0.72 }, candidate: { n: 500, value: 0.58 }, verdict: 'worse' });
    expect(resolution.difference).toBeCloseTo(-0.14, 12);
    expect(json.rollbackCommand).toBe('agentver rollback triage --to 1');
    expect(json.comparison).toMatchObject({ overall: 'worse', decidedBy: ['resolution_rate'], primary: 'resolution_rate' });
    expect(json.comparison.reason).toMatch(/^resolution_rate \(primary\) is worse/);
    expect(resolution).toMatchObject({ role: 'primary', intervalLevel: 0.95 });
    const cost = json.comparison.metrics.find((m: { metric: string }) => m.metric === 'cost_usd');
    expect(cost).toMatchObject({ role: 'guardrail', margin: { metric: 'cost_usd', margin: 0.1, relative: true } });
    // the grade metric on its own: same pass rate at 30% and 90% coverage, no verdict either way
    const helpfulness = json.comparison.metrics.find((m: { metric: string }) => m.metric === 'grade.helpfulness.pass_rate');
    expect(helpfulness).toMatchObject({
      baseline: { n: 150, value: 0.8, coverage: 0.3 },
      candidate: { n: 450, value: 0.8, coverage: 0.9 },
      verdict: 'no detectable change',
      role: 'secondary',
    });
    expect(helpfulness.runsNeededPerVersion).toBe(Math.ceil(helpfulness.observationsNeededPerVersion / 0.3));

    const oneDay = JSON.parse((await cli(['compare', 'triage', '1', '2', '--until', '2026-11-01', '--format', 'json'])).stdout);
    expect(oneDay.comparison.baseline.nRuns).toBe(250);
    expect(oneDay.comparison.candidate.nRuns).toBe(0);
    expect(oneDay.comparison.overall).toBe('not enough data');

    const sized = JSON.parse((await cli(['compare', 'triage', '--detect-rate', '0.14', '--format', 'json'])).stdout);
    const sizedResolution = sized.comparison.metrics.find((m: { metric: string }) => m.metric === 'resolution_rate');
    expect(sizedResolution.minimumEffect).toBe(0.14);
    expect(sizedResolution.runsNeededPerVersion).toBeLessThan(resolution.runsNeededPerVersion);
    expect((await cli(['compare', 'triage', '--detect-rate', '2'])).code).toBe(2);
    expect((await cli(['compare', 'triage', '-o', 'x.html'])).stderr).toMatch(/--output: is where --format html writes/);
    expect((await cli(['compare', 'triage', '--since', '2026-11-09', '--until', '2026-11-01'])).code).toBe(2);
    expect((await cli(['compare', 'triage', '2', '2'])).code).toBe(2);
    expect((await cli(['report', 'triage', '--from-version', '2', '--to-version', '1'])).code).toBe(2);
    const failed = await cli(['compare', 'triage', '--fail-on-worse']);
    expect(failed.code).toBe(1);
    expect(failed.stdout).toContain('single look');
    expect(failed.stderr).toContain('agentver watch');
    expect((await cli(['compare', 'triage', '--since', 'last week'])).code).toBe(2);
    expect((await cli(['compare', 'triage', '1', '9'])).code).toBe(1);
  });

  it('writes markdown for a pull request and one self-contained HTML file', async () => {
    const markdown = await cli(['compare', 'triage', '--format', 'markdown']);
    expect(markdown.stdout).toContain('| resolution rate |');
    expect(markdown.stdout).toContain('```sh\nagentver rollback triage --to 1\n```');
    const html = await cli(['compare', 'triage', '--format', 'html', '-o', 'out.html']);
    expect(html.code).toBe(0);
    const page = readFileSync(join(dir, 'out.html'), 'utf8');
    expect(page).toMatch(/^<!DOCTYPE html>/i);
    expect(page).toContain('<svg');
    expect(page).toContain('agentver rollback triage --to 1');
  });
});

describe('compare --primary and --guardrail', () => {
  it('decides on the primary chosen, with the guardrails given, and refuses bad ones before any query', async () => {
    const success = JSON.parse(
      (await cli(['compare', 'triage', '--primary', 'success_rate', '--guardrail', 'cost_usd:+10%', '--format', 'json'])).stdout,
    );
    expect(success.comparison).toMatchObject({
      primary: 'success_rate',
      overall: 'no detectable change',
      decidedBy: ['success_rate'],
      guardrails: [{ metric: 'cost_usd', margin: 0.1, relative: true }],
    });
    expect(success.comparison.metrics.find((m: { metric: string }) => m.metric === 'error_rate').role).toBe('secondary');
    expect(success.rollbackCommand).toBeNull();
    expect((await cli(['compare', 'triage', '--primary', 'success_rate', '--fail-on-worse'])).code).toBe(0);
    const text = (await cli(['compare', 'triage', '--primary', 'success_rate', '--guardrail', 'cost_usd:+10%'])).stdout;
    expect(text).toMatch(/decided by success_rate: No detectable change in success_rate/);
    expect(text).toMatch(/cost per run .* guardrail \+10%: /);

    const badMargin = await cli(['compare', 'triage', '--guardrail', 'cost_usd:-10%']);
    expect(badMargin.code).toBe(2);
    expect(badMargin.stderr).toContain('--guardrail');
    const badPrimary = await cli(['compare', 'triage', '--primary', 'happiness']);
    expect(badPrimary.code).toBe(2);
    expect(badPrimary.stderr).toMatch(/primary.*happiness/);
  });

  it('teaches in --help: the decision rule, the single look, and watch for daily checks', async () => {
    const help = (await cli(['compare', '--help'])).stdout;
    for (const text of ['--primary <metric>', '--guardrail <metric:margin>', 'single look', 'agentver watch', 'Exit codes']) {
      expect(help).toContain(text);
    }
  });
});

describe('report', () => {
  it('covers every version, filterable by version range', async () => {
    const all = JSON.parse((await cli(['report', 'triage', '--format', 'json'])).stdout);
    expect(all.versions.map((v: { stats: { agentVersionId: string } }) => v.stats.agentVersionId)).toEqual(['triage@1', 'triage@2']);
    expect(all.versions[0].values.resolution_rate.interval[0]).toBeLessThan(0.72);
    expect(all.comparisons).toHaveLength(1);
    const second = JSON.parse((await cli(['report', 'triage', '--from-version', '2', '--format', 'json'])).stdout);
    expect(second.versions).toHaveLength(1);
    const text = (await cli(['report', 'triage'])).stdout;
    expect(text).toContain('triage: 2 versions with runs');
    expect(text.match(/different times/g)).toHaveLength(1);
    expect((await cli(['report', 'nobody'])).code).toBe(1);
    // the HTML page shows the comparisons its title promises
    expect((await cli(['report', 'triage', '--format', 'html', '-o', 'report.html'])).code).toBe(0);
    const page = readFileSync(join(dir, 'report.html'), 'utf8');
    expect(page).toContain('<title>triage: versions compared</title>');
    expect(page.match(/<section class="comparison">/g)).toHaveLength(all.comparisons.length);
    expect(page).toContain('Decided by resolution_rate');
    expect(page).toContain('helpfulness pass rate');
    expect((await cli(['history', 'triage', '--format', 'html'])).code).toBe(2);
  });
});

describe('models', () => {
  it('prints the schedule configuration, and needs a project', async () => {
    const run = await cli(['models', 'schedule', '--repository', 'agentver', '--cron', '15 * * * *', '--format', 'json']);
    expect(run.code).toBe(0);
    const config = JSON.parse(run.stdout);
    expect(config.workflowConfig.cronSchedule).toBe('15 * * * *');
    expect(config.releaseConfig.codeCompilationConfig.vars).toEqual({ raw_dataset: store.datasetId });
    expect(config.applied).toBe(false);
    expect((await cli(['models', 'schedule', '--repository', 'agentver', '--cron', 'hourly'])).code).toBe(2);
  });

  it('runs Dataform on the emulator, and compare reads what it built', async () => {
    // Its own emulator, as in dataform.test.ts: a Dataform run leaves dozens of tables behind.
    const emulator = await startEmulator({ projectId: 'models-test' });
    const other = connect({ projectId: emulator.projectId, datasetId: 'models_test', emulatorHost: emulator.host });
    await initStore(other);
    const base = { name: 'Billing', system_prompt: 'p', model: 'm' };
    await createAgent(other, 'billing', base, { author: 'a', message: 'v1' });
    await editAgent(other, 'billing', { patch: { set: { temperature: 1 } } }, { author: 'a', message: 'v2' });
    const recorder = new TelemetryRecorder(other, { flushOnExit: false });
    for (let i = 0; i < 40; i++) {
      const version = i < 20 ? 1 : 2;
      recorder.recordExecution({
        execution_id: `run-${i}`,
        agent_id: 'billing',
        agent_version_id: `billing@${version}`,
        status: 'succeeded',
        resolution: i % (version === 1 ? 4 : 2) === 0 ? 'escalated' : 'resolved',
        cost_usd: 0.01 * version,
        started_at: new Date(Date.UTC(2026, 10, 1 + (i % 5), 12)),
      });
      // quality graded on every other run, passing on the first of every four graded ones
      if (i % 2 === 0) {
        recorder.recordGrade({
          grade_id: `grade-${i}`,
          execution_id: `run-${i}`,
          agent_id: 'billing',
          agent_version_id: `billing@${version}`,
          grader_type: 'llm_judge',
          metric: 'quality',
          score: i % 8 === 0 ? 1 : 0,
          passed: i % 8 === 0,
          graded_at: new Date(Date.UTC(2026, 10, 6)),
        });
      }
    }
    expect((await recorder.close()).rejected).toEqual([]);
    const target = ['--emulator-host', other.emulatorHost as string, '--project', other.projectId, '--dataset', other.datasetId];
    expect((await runCliCaptured(['models', 'run', ...target], { cwd: dir })).code).toBe(0);
    const compared = await runCliCaptured(['compare', 'billing', '--format', 'json', ...target], { cwd: dir });
    expect(compared.code).toBe(0);
    const metrics = (compared.json() as { comparison: { metrics: Array<{ metric: string }> } }).comparison.metrics;
    const resolution = metrics.find((m) => m.metric === 'resolution_rate');
    expect(resolution).toMatchObject({ baseline: { n: 20, value: 0.75 }, candidate: { n: 20, value: 0.5 } });
    // version_grade_daily_metrics, built by models run: 10 of 20 runs graded per version
    const quality = metrics.find((m) => m.metric === 'grade.quality.pass_rate');
    expect(quality).toMatchObject({
      baseline: { n: 10, successes: 3, coverage: 0.5 },
      candidate: { n: 10, successes: 2, coverage: 0.5 },
    });
    await emulator.stop();
  }, 180_000);
});
