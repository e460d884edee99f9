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
  marts = connect({ projectId: store.projectId, datasetId: `${store.datasetId}_models`, emulatorHost: store.emulatorHost });
  await marts.bigquery.createDataset(marts.datasetId);
  await runQuery(
    marts,
    `CREATE TABLE {{dataset}}.version_daily_metrics (agent_id STRING, agent_version_id STRING, agent_version INT64, run_date DATE, ${METRIC_COLUMNS.map((column) => `${column} FLOAT64`).join(', ')})`,
  );
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
    expect((await cli(['compare', 'triage', '--fail-on-worse'])).code).toBe(1);
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
    }
    expect((await recorder.close()).rejected).toEqual([]);
    const target = ['--emulator-host', other.emulatorHost as string, '--project', other.projectId, '--dataset', other.datasetId];
    expect((await runCliCaptured(['models', 'run', ...target], { cwd: dir })).code).toBe(0);
    const compared = await runCliCaptured(['compare', 'billing', '--format', 'json', ...target], { cwd: dir });
    expect(compared.code).toBe(0);
    const resolution = (compared.json() as { comparison: { metrics: Array<{ metric: string }> } }).comparison.metrics.find(
      (m: { metric: string }) => m.metric === 'resolution_rate',
    );
    expect(resolution).toMatchObject({ baseline: { n: 20, value: 0.75 }, candidate: { n: 20, value: 0.5 } });
    await emulator.stop();
  }, 180_000);
});
