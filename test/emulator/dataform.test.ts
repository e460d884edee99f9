// The Dataform project (workflow_settings.yaml, definitions/) compiled and run through runDataform
// against the emulator: marts equal sufficient statistics computed by hand from the seeded rows,
// assertions catch broken invariants, and incremental runs equal a full refresh.
import { tmpdir } from 'node:os';
import { buildScheduleConfig, compileDataform, connect, createBigQuery, param, runQuery } from 'agentver';
import { describe, expect, it } from 'vitest';
import { runCliCaptured } from './cli-harness.js';
import { createDataformDatasets, insertTelemetry, makeTelemetry, readTable, seedAgents } from './dataform-fixtures.js';
import { JOINED_RUN_FACTS, joinedDailyMetrics } from './dataform-joined-marts.js';
import { emulatorPerTest, expectMartsMatch, INVARIANTS, RUNS, roundFloats, run, START, telemetryWithDuplicates } from './dataform-runs.js';
import { type FixtureState, writeLabelState } from './release-fixtures.js';

const target = emulatorPerTest();

describe('dataform', () => {
  it('compiles with no errors: sources, staging views, marts and assertions', async () => {
    const { ok, errors, graph } = await compileDataform({
      projectId: 'p',
      dataset: 'models',
      rawDataset: 'raw',
      assertionDataset: 'checks',
    });
    expect(errors).toEqual([]);
    expect(ok).toBe(true);
    const tables = (graph?.tables ?? []).map((t) => `${t.target.schema}.${t.target.name}:${t.enumType}`).sort();
    expect(tables).toEqual([
      'models.canary_states:TABLE',
      'models.canary_stratum_metrics:TABLE',
      'models.canary_units:TABLE',
      'models.config_timeline:TABLE',
      'models.release_timeline:TABLE',
      'models.run_facts:INCREMENTAL',
      'models.stg_agent_configs:VIEW',
      'models.stg_agent_releases:VIEW',
      'models.stg_llm_calls:VIEW',
      'models.stg_outcome_grades:VIEW',
      'models.stg_task_executions:VIEW',
      'models.version_daily_metrics:INCREMENTAL',
      'models.version_grade_daily_metrics:INCREMENTAL',
    ]);
    expect((graph?.declarations ?? []).map((d) => `${d.target.schema}.${d.target.name}`).sort()).toEqual([
      'raw.agent_configs',
      'raw.agent_releases',
      'raw.llm_calls',
      'raw.outcome_grades',
      'raw.task_executions',
    ]);
    expect(new Set((graph?.assertions ?? []).map((a) => a.target.schema))).toEqual(new Set(['checks']));
  });

  it('builds every model from seeded telemetry, de-duplicated, with the statistics computed by hand', { timeout: 180_000 }, async () => {
    const datasets = await createDataformDatasets(target(), 'build');
    const agents = await seedAgents(datasets);
    const telemetry = telemetryWithDuplicates(agents);
    await insertTelemetry(datasets.raw, telemetry);

    const result = await run(datasets);
    expect(result.failedActions).toEqual([]);
    expect(result.ok, result.output).toBe(true);
    // the run's jobs are gone from the emulator, which re-reads every job it holds on every request
    const [jobs] = await createBigQuery({
      projectId: datasets.marts.projectId,
      emulatorHost: datasets.marts.emulatorHost as string,
    }).getJobs({
      allUsers: true,
    });
    expect(jobs.map((job) => job.id).filter((id) => id?.startsWith('dataform-'))).toEqual([]);

    await expectMartsMatch(datasets.marts, telemetry);
    // the repeated execution keeps its latest copy
    const { rows } = await runQuery(
      datasets.marts,
      `SELECT execution_id, cost_usd FROM \`${datasets.marts.datasetId}.run_facts\` WHERE execution_id = @execution_id`,
      { execution_id: param.string('e00003') },
    );
    expect(rows).toEqual([{ execution_id: 'e00003', cost_usd: 0.5 }]);
    const staged = await runQuery(datasets.marts, `SELECT COUNT(*) AS n FROM \`${datasets.marts.datasetId}.stg_agent_configs\``);
    expect(staged.rows).toEqual([{ n: 5 }]); // the lock row is dropped
  });

  it('builds the same marts as the joins it replaced, every column of every row', { timeout: 240_000 }, async () => {
    const datasets = await createDataformDatasets(target(), 'joined');
    const agents = await seedAgents(datasets);
    // The old SQL joins row by row, so a thousand runs; plus a call and a grade of a run whose
    // execution row has not arrived (a join from executions leaves them out), and a call without a cost.
    const telemetry = telemetryWithDuplicates(agents, 1000);
    const call = telemetry.calls[0];
    const judged = telemetry.grades[0];
    if (!call || !judged) throw new Error('fixture changed');
    telemetry.calls.push({ ...call, call_id: 'early_call', execution_id: 'e_pending' }, { ...call, call_id: 'free_call', cost_usd: null });
    telemetry.grades.push({ ...judged, grade_id: 'early_grade', execution_id: 'e_pending' });
    await insertTelemetry(datasets.raw, telemetry);

    const result = await run(datasets, { fullRefresh: true });
    expect(result.ok, result.output).toBe(true);
    await runQuery(datasets.marts, `CREATE TABLE {{dataset}}.joined_run_facts AS ${JOINED_RUN_FACTS}`);
    await runQuery(datasets.marts, `CREATE TABLE {{dataset}}.joined_daily_metrics AS ${joinedDailyMetrics('joined_run_facts')}`);

    const pairs = [
      ['run_facts', 'joined_run_facts', 'execution_id'],
      ['version_daily_metrics', 'joined_daily_metrics', 'agent_version_id, run_date'],
    ] as const;
    for (const [table, joined, order] of pairs) {
      const rows = await readTable(datasets.marts, table, order);
      expect(rows.length, table).toBeGreaterThan(10);
      expect(roundFloats(rows), table).toEqual(roundFloats(await readTable(datasets.marts, joined, order)));
    }
  });

  it('`agentver models run --full-refresh` builds marts that equal direct aggregates of the raw tables', { timeout: 180_000 }, async () => {
    const datasets = await createDataformDatasets(target(), 'cli');
    const agents = await seedAgents(datasets);
    await insertTelemetry(datasets.raw, makeTelemetry(agents, 0, RUNS, START)); // no repeated rows: nothing to de-duplicate
    const cli = await runCliCaptured(
      [
        'models',
        'run',
        '--full-refresh',
        '--format',
        'json',
        '--emulator-host',
        target().emulatorHost,
        '--project',
        target().projectId,
      ].concat(['--dataset', datasets.raw.datasetId]),
      { cwd: tmpdir() },
    );
    expect(cli.code, cli.stdout + cli.stderr).toBe(0);

    // Each raw table aggregated on its own, then added up per version (no join, no staging view).
    const { rows: direct } = await runQuery(
      datasets.raw,
      `SELECT agent_version_id, SUM(n_runs) AS n_runs, SUM(n_succeeded) AS n_succeeded, SUM(n_cost_usd) AS n_cost_usd,
         SUM(sum_cost_usd) AS sum_cost_usd, SUM(sum_latency_ms) AS sum_latency_ms, SUM(n_llm_calls) AS n_llm_calls,
         SUM(n_llm_errors) AS n_llm_errors, SUM(sum_llm_cost_usd) AS sum_llm_cost_usd
       FROM (
         SELECT agent_version_id, COUNT(*) AS n_runs, COUNTIF(status = 'succeeded') AS n_succeeded, COUNT(cost_usd) AS n_cost_usd,
           SUM(cost_usd) AS sum_cost_usd, SUM(latency_ms) AS sum_latency_ms, 0 AS n_llm_calls, 0 AS n_llm_errors, 0.0 AS sum_llm_cost_usd
         FROM {{dataset}}.task_executions GROUP BY agent_version_id
         UNION ALL
         SELECT agent_version_id, 0, 0, 0, 0, 0, COUNT(*), COUNTIF(status = 'error'), SUM(cost_usd)
         FROM {{dataset}}.llm_calls GROUP BY agent_version_id
       )
       GROUP BY agent_version_id ORDER BY agent_version_id`,
    );
    const marts = connect({ ...target(), datasetId: `${datasets.raw.datasetId}_models` });
    const { rows: built } = await runQuery(
      marts,
      `SELECT agent_version_id, SUM(n_runs) AS n_runs, SUM(n_succeeded) AS n_succeeded, SUM(n_cost_usd) AS n_cost_usd,
         SUM(sum_cost_usd) AS sum_cost_usd, SUM(sum_latency_ms) AS sum_latency_ms, SUM(n_llm_calls) AS n_llm_calls,
         SUM(n_llm_errors) AS n_llm_errors, SUM(sum_llm_cost_usd) AS sum_llm_cost_usd
       FROM {{dataset}}.version_daily_metrics GROUP BY agent_version_id ORDER BY agent_version_id`,
    );
    expect(direct.map((row) => row.agent_version_id)).toEqual(['billing@1', 'triage@1', 'triage@2', 'triage@3']);
    expect(roundFloats(built)).toEqual(roundFloats(direct));
  });

  it('fails the referential assertions, and only them, when telemetry names an unknown version', { timeout: 120_000 }, async () => {
    const datasets = await createDataformDatasets(target(), 'orphan');
    const agents = await seedAgents(datasets);
    const telemetry = makeTelemetry(agents, 0, RUNS, START);
    const orphan = makeTelemetry(agents, RUNS, 1, START);
    const unknown = `${agents.triage}@99`;
    for (const row of [...orphan.executions, ...orphan.calls, ...orphan.grades]) row.agent_version_id = unknown;
    orphan.calls.push({ ...telemetry.calls[0], call_id: 'orphan_call', agent_version_id: unknown } as (typeof telemetry.calls)[0]);
    await insertTelemetry(datasets.raw, { executions: [...telemetry.executions, ...orphan.executions] });
    await insertTelemetry(datasets.raw, { calls: [...telemetry.calls, ...orphan.calls], grades: [...telemetry.grades, ...orphan.grades] });

    const result = await run(datasets, INVARIANTS);
    expect(result.ok).toBe(false);
    expect(result.failedActions.sort()).toEqual(
      ['llm_calls_known_versions', 'outcome_grades_known_versions', 'task_executions_known_versions'].map(
        (name) => `${datasets.assertionDataset}.${name}`,
      ),
    );
  });

  it('fails the one-latest assertion, and only it, when an agent has two is_latest rows', { timeout: 120_000 }, async () => {
    const datasets = await createDataformDatasets(target(), 'latest');
    const agents = await seedAgents(datasets);
    await insertTelemetry(datasets.raw, makeTelemetry(agents, 0, 4, START));
    await runQuery(
      datasets.raw,
      `UPDATE \`${datasets.raw.datasetId}.agent_configs\` SET is_latest = TRUE WHERE agent_id = @agent_id AND version = 1`,
      {
        agent_id: param.string(agents.triage),
      },
    );

    const result = await run(datasets, INVARIANTS);
    expect(result.output).toMatch(/Assertion passed: +\S+\.agent_configs_versions_gapless/);
    expect(result.failedActions).toEqual([`${datasets.assertionDataset}.agent_configs_one_latest`]);
    expect(result.ok).toBe(false);
  });

  it('builds the config and release timelines across a ramp, a promote and a rollback, and checks them', { timeout: 180_000 }, async () => {
    const datasets = await createDataformDatasets(target(), 'timelines');
    const agents = await seedAgents(datasets);
    const states: FixtureState[] = [
      { kind: 'release', version: 1 },
      { kind: 'canary', version: 1, candidate_version: 2, candidate_percent: 10, assignment_salt: 'salt-2' },
      { kind: 'canary', version: 1, candidate_version: 2, candidate_percent: 25, assignment_salt: 'salt-2' },
      { kind: 'promote', version: 2 },
      { kind: 'rollback', version: 1 },
    ];
    for (const state of states) await writeLabelState(datasets.raw, agents.triage, 'production', state);
    await writeLabelState(datasets.raw, agents.billing, 'production', { kind: 'release', version: 2 });
    const timelines = {
      actions: [
        'config_timeline',
        'release_timeline',
        'agent_releases_numbers_gapless',
        'agent_releases_one_current',
        'agent_releases_known_versions',
        'agent_releases_shares_sum',
      ],
      includeDependencies: true,
    };
    const result = await run(datasets, timelines);
    expect(result.failedActions).toEqual([]);
    expect(result.ok, result.output).toBe(true);

    const raw = (
      await runQuery(
        datasets.raw,
        'SELECT agent_id, label, release_number, created_at FROM {{dataset}}.agent_releases WHERE release_number > 0 ORDER BY agent_id, release_number',
      )
    ).rows;
    const releases = await readTable(datasets.marts, 'release_timeline', 'agent_id, label, release_number');
    const triage = releases.filter((row) => row.agent_id === agents.triage);
    expect(triage.map((row) => [row.release_number, row.kind, row.routes, row.is_current])).toEqual([
      [1, 'release', [{ version: 1, arm: null, percent: 100 }], false],
      [
        2,
        'canary',
        [
          { version: 1, arm: 'baseline', percent: 90 },
          { version: 2, arm: 'candidate', percent: 10 },
        ],
        false,
      ],
      [
        3,
        'canary',
        [
          { version: 1, arm: 'baseline', percent: 75 },
          { version: 2, arm: 'candidate', percent: 25 },
        ],
        false,
      ],
      [4, 'promote', [{ version: 2, arm: null, percent: 100 }], false],
      [5, 'rollback', [{ version: 1, arm: null, percent: 100 }], true],
    ]);
    const created = raw.filter((row) => row.agent_id === agents.triage).map((row) => row.created_at);
    expect(triage.map((row) => [row.valid_from, row.valid_to])).toEqual(created.map((at, i) => [at, created[i + 1] ?? null]));
    expect(triage[1]?.assignment_salt).toBe('salt-2');

    const configs = await readTable(datasets.marts, 'config_timeline', 'agent_id, version');
    const versions = (
      await runQuery(
        datasets.raw,
        'SELECT agent_id, version, created_at FROM {{dataset}}.agent_configs WHERE version > 0 ORDER BY agent_id, version',
      )
    ).rows;
    expect(configs.map((row) => [row.agent_id, row.version, row.agent_version_id, row.valid_from, row.is_latest])).toEqual(
      versions.map((row, i) => [
        row.agent_id,
        row.version,
        `${row.agent_id}@${row.version}`,
        row.created_at,
        versions[i + 1]?.agent_id !== row.agent_id,
      ]),
    );
    expect(configs.map((row) => row.valid_to)).toEqual(
      versions.map((row, i) => (versions[i + 1]?.agent_id === row.agent_id ? versions[i + 1]?.created_at : null)),
    );

    // a label with two current states fails one_current, and only it
    await runQuery(
      datasets.raw,
      'UPDATE {{dataset}}.agent_releases SET is_current = TRUE WHERE agent_id = @agent_id AND release_number = 2',
      {
        agent_id: param.string(agents.triage),
      },
    );
    const broken = await run(datasets, {
      actions: timelines.actions.filter((name) => name.startsWith('agent_releases_')),
      includeDependencies: true,
    });
    expect(broken.failedActions).toEqual([`${datasets.assertionDataset}.agent_releases_one_current`]);
  });
});

describe('buildScheduleConfig', () => {
  it('builds a release config that compiles with the datasets and a workflow config that runs it', () => {
    const config = buildScheduleConfig({
      projectId: 'acme',
      location: 'us-central1',
      repository: 'agentver',
      cron: '15 * * * *',
      timeZone: 'Europe/Paris',
      defaultSchema: 'agentver_models',
      vars: { raw_dataset: 'agentver' },
      serviceAccount: 'dataform@acme.iam.gserviceaccount.com',
    });
    const parent = 'projects/acme/locations/us-central1/repositories/agentver';
    expect(config.releaseConfig).toEqual({
      name: `${parent}/releaseConfigs/agentver-models`,
      gitCommitish: 'main',
      codeCompilationConfig: { defaultSchema: 'agentver_models', vars: { raw_dataset: 'agentver' } },
      cronSchedule: '15 * * * *',
      timeZone: 'Europe/Paris',
    });
    expect(config.workflowConfig).toEqual({
      name: `${parent}/workflowConfigs/agentver-models`,
      releaseConfig: `${parent}/releaseConfigs/agentver-models`,
      invocationConfig: {
        fullyRefreshIncrementalTablesEnabled: false,
        transitiveDependenciesIncluded: true,
        serviceAccount: 'dataform@acme.iam.gserviceaccount.com',
      },
      cronSchedule: '15 * * * *',
      timeZone: 'Europe/Paris',
    });
    expect(() => buildScheduleConfig({ projectId: 'acme', location: 'us-central1', repository: 'agentver', cron: 'hourly' })).toThrow(
      /cron: must have 5 cron fields/,
    );
  });
});
