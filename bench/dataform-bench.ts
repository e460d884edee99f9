// `dataform run --full-refresh` wall time and peak emulator memory for growing telemetry (task
// executions with 2 LLM calls and 0.5 grades per run, over 6 versions of 3 agents and 30 days),
// each size on a fresh emulator; the mart sizes and how many rows the report's query
// (loadVersionStats) returns; optionally an incremental run after 1% new runs plus late grades.
// Run: npx tsx bench/dataform-bench.ts                          (2k, 10k and 100k executions; stops at the first size that fails)
//      npx tsx bench/dataform-bench.ts 1000000                  (other sizes)
//      npx tsx bench/dataform-bench.ts 100000 --incremental     (then add 1% new runs and late human grades, run incrementally)
//      npx tsx bench/dataform-bench.ts 2000 --baseline <dir>    (also run another Dataform project, e.g. the marts
//                                                               before issue 10, on a fresh emulator of its own, side by side)
//      npx tsx bench/dataform-bench.ts 3000 --incremental --twin   (also a twin emulator, seeded alike, whose second run
//                                                               after the batch is a full refresh: incremental against
//                                                               full refresh on the same state, one full run before each)
//      npx tsx bench/dataform-bench.ts 3000 --incremental --repeat 4   (4 incremental runs on the one emulator, each
//                                                               after another 1% of new runs: does a run slow with the runs before it?)
//      npx tsx bench/dataform-bench.ts 100000 --incremental --profile   (before the incremental run, time each of its
//                                                               statements alone: pre-operations, queries, assertions)
//      npx tsx bench/dataform-bench.ts --join-probe             (the emulator's cost of the query shapes: join vs union)
//      DATAFORM_BENCH_LIMIT_MIN=15 npx tsx bench/dataform-bench.ts   (give up on a run after 15 min; default 12)
//      TRACE=/tmp/df npx tsx bench/dataform-bench.ts 10000 --incremental   (log each request the CLI sends the emulator,
//                                                               with its time, to /tmp/df-full.tsv and /tmp/df-incr.tsv)
//      npx tsx bench/dataform-bench.ts 100000 --project <id>    (real BigQuery: also bytes processed, from INFORMATION_SCHEMA.JOBS_BY_USER)
import { readdirSync, readFileSync } from 'node:fs';
import { type Connection, connect } from '../src/bigquery/connection.js';
import { param } from '../src/bigquery/query-parameters.js';
import { runQuery } from '../src/bigquery/run-query.js';
import { compileDataform } from '../src/dataform/compile-dataform.js';
import { runDataform } from '../src/dataform/run-dataform.js';
import { releaseLabel } from '../src/releases/release-label.js';
import { startCanary } from '../src/releases/start-canary.js';
import { loadVersionStats } from '../src/report/sql/load-version-stats.js';
import { createAgent, editAgent } from '../src/store/agent-writes.js';
import { initStore } from '../src/store/init-store.js';
import { fmt, medianMs, openTarget, ratio, timeMs } from './bench-kit.js';
import { traceProxy } from './trace-proxy.js';

const flag = (name: string) => {
  const at = process.argv.indexOf(name);
  return at > 0 ? process.argv[at + 1] : undefined;
};
const sizes = process.argv
  .slice(2)
  .filter((arg, i, all) => !['--project', '--baseline', '--repeat'].includes(all[i - 1] as string) && /^\d+$/.test(arg))
  .map(Number);
if (sizes.length === 0) sizes.push(2_000, 10_000, 100_000);
const BASELINE = flag('--baseline');
const INCREMENTAL = process.argv.includes('--incremental');
const PROFILE = process.argv.includes('--profile');
// A full refresh on a fresh emulator is not the run a user compares an incremental one with: by
// then the emulator holds the first run's jobs and tables, which slow every request (see
// RESULTS.md), so the twin runs its second build as a full refresh on that same state.
const TWIN = process.argv.includes('--twin');
const REPEAT = Number(flag('--repeat') ?? 1);
const LIMIT_MS = Number(process.env.DATAFORM_BENCH_LIMIT_MIN ?? 12) * 60_000;
const DAYS = 30;

const AGENTS: Array<{ id: string; config: { name: string; system_prompt: string; model: string; temperature: number }; versions: number }> =
  [
    { id: 'triage', config: { name: 'Triage', system_prompt: 'Sort tickets.', model: 'gpt-4.1', temperature: 0.2 }, versions: 3 },
    {
      id: 'billing',
      config: { name: 'Billing', system_prompt: 'Answer billing questions.', model: 'gpt-4.1-mini', temperature: 0 },
      versions: 2,
    },
    { id: 'faq', config: { name: 'FAQ', system_prompt: 'Answer from the FAQ.', model: 'gpt-4.1-nano', temperature: 0.5 }, versions: 1 },
  ];

/** Versions through the store, so agent_configs passes the assertions (gapless, one latest, known versions). */
async function seedAgents(raw: Connection): Promise<string[]> {
  const ids: string[] = [];
  for (const agent of AGENTS) {
    await createAgent(raw, agent.id, agent.config, { author: 'bench', message: 'v1' });
    ids.push(`${agent.id}@1`);
    for (let v = 2; v <= agent.versions; v++) {
      await editAgent(
        raw,
        agent.id,
        { config: { ...agent.config, system_prompt: `${agent.config.system_prompt} (v${v})` } },
        { author: 'bench', message: `v${v}`, expectedVersion: v - 1 },
      );
      ids.push(`${agent.id}@${v}`);
    }
  }
  return ids;
}

// Run i belongs to version i mod 6 and starts at i × (DAYS days / n): runs 1..n fill DAYS days,
// and runs after n (an incremental batch) continue on the same clock.
const RUN = `
  versions[OFFSET(MOD(i, ARRAY_LENGTH(versions)))] AS agent_version_id,
  TIMESTAMP_ADD(TIMESTAMP '2026-03-01 00:00:00+00', INTERVAL DIV(i * ${DAYS * 86_400}, @n) SECOND) AS started_at`;
// Runs per INSERT … SELECT: the emulator holds a statement's rows in memory at once.
const CHUNK = 100_000;

// Triage and billing each run a canary of version 2 on production (release 2) since before the
// first run: their v1 and v2 runs (4 of every 6) carry the resolver's tags, each unit (its version's
// runs, CANARY_UNITS units a version) one arm, so the canary marts do their full work.
const CANARY_AGENTS = ['triage', 'billing'];
const CANARY_UNITS = 2000;

/** The canaries of CANARY_AGENTS (release 1 at v1, release 2 a canary of v2), dated before the first run. */
async function seedCanaries(raw: Connection): Promise<void> {
  for (const agentId of CANARY_AGENTS) {
    await releaseLabel(raw, { agentId, label: 'production', version: 1, author: 'bench' });
    await startCanary(raw, { agentId, label: 'production', version: 2, percent: 20, author: 'bench' });
  }
  await runQuery(
    raw,
    "UPDATE {{dataset}}.agent_releases SET created_at = TIMESTAMP '2026-02-28 00:00:00+00' WHERE agent_id IN UNNEST(@agents)",
    {
      agents: param.stringArray(CANARY_AGENTS),
    },
  );
}

/** Runs first..last: executions, 2 LLM calls per run and a grade on every other run, by INSERT … SELECT. */
async function seedTelemetry(raw: Connection, versions: string[], n: number, first: number, last: number): Promise<void> {
  for (let from = first; from <= last; from += CHUNK) {
    const to = Math.min(last, from + CHUNK - 1);
    const params = { n: param.int64(n), from: param.int64(from), to: param.int64(to), versions: param.stringArray(versions) };
    await runQuery(
      raw,
      `INSERT INTO {{dataset}}.task_executions (execution_id, agent_id, agent_version_id, task_type, status, resolution,
         is_first_response_resolution, error_class, cost_usd, input_tokens, output_tokens, latency_ms, started_at, ended_at, recorded_at,
         release_label, release_number, arm, assignment_unit)
       WITH runs AS (SELECT i, ${RUN} FROM UNNEST(GENERATE_ARRAY(@from, @to)) AS i, (SELECT @versions AS versions))
       SELECT CONCAT('e', CAST(i AS STRING)), SPLIT(agent_version_id, '@')[OFFSET(0)], agent_version_id,
         IF(MOD(i, 2) = 0, 'bug_report', 'billing_question'),
         CASE MOD(i, 10) WHEN 7 THEN 'failed' WHEN 8 THEN 'timed_out' WHEN 9 THEN 'cancelled' ELSE 'succeeded' END,
         CASE MOD(i, 5) WHEN 0 THEN 'escalated' WHEN 1 THEN NULL ELSE 'resolved' END,
         IF(MOD(i, 7) = 0, NULL, MOD(i, 3) = 0), IF(MOD(i, 10) = 7, 'tool_error', NULL),
         IF(MOD(i, 13) = 0, NULL, 0.01 + MOD(i, 17) * 0.0013), 200 + MOD(i, 500), IF(MOD(i, 11) = 0, NULL, 80 + MOD(i, 300)),
         IF(MOD(i, 19) = 0, NULL, 800 + MOD(i * 37, 4000)), started_at, TIMESTAMP_ADD(started_at, INTERVAL 30 SECOND),
         TIMESTAMP_ADD(started_at, INTERVAL 1 MINUTE),
         IF(MOD(i, 6) IN (0, 1, 3, 4), 'production', NULL), IF(MOD(i, 6) IN (0, 1, 3, 4), 2, NULL),
         CASE MOD(i, 6) WHEN 0 THEN 'baseline' WHEN 3 THEN 'baseline' WHEN 1 THEN 'candidate' WHEN 4 THEN 'candidate' END,
         IF(MOD(i, 6) IN (0, 1, 3, 4), CONCAT('u', CAST(MOD(i, 6) AS STRING), '-', CAST(MOD(DIV(i, 6), ${CANARY_UNITS}) AS STRING)), NULL)
       FROM runs`,
      params,
    );
    await runQuery(
      raw,
      `INSERT INTO {{dataset}}.llm_calls (call_id, execution_id, agent_id, agent_version_id, model, status, error_class,
         input_tokens, output_tokens, cost_usd, latency_ms, started_at, recorded_at)
       WITH calls AS (SELECT k, DIV(k + 1, 2) AS i FROM UNNEST(GENERATE_ARRAY(2 * @from - 1, 2 * @to)) AS k),
       runs AS (SELECT k, i, ${RUN} FROM calls, (SELECT @versions AS versions))
       SELECT CONCAT('e', CAST(i AS STRING), '_c', CAST(MOD(k, 2) AS STRING)), CONCAT('e', CAST(i AS STRING)),
         SPLIT(agent_version_id, '@')[OFFSET(0)], agent_version_id, 'gpt-4.1',
         IF(MOD(k, 23) = 0, 'error', 'ok'), IF(MOD(k, 23) = 0, 'rate_limit', NULL),
         40 + MOD(k, 100), 20 + MOD(k, 50), 0.001 + MOD(k, 9) * 0.0001, 200 + MOD(k, 700),
         TIMESTAMP_ADD(started_at, INTERVAL MOD(k, 2) SECOND), TIMESTAMP_ADD(started_at, INTERVAL 1 MINUTE)
       FROM runs`,
      params,
    );
    await runQuery(
      raw,
      `INSERT INTO {{dataset}}.outcome_grades (grade_id, execution_id, agent_id, agent_version_id, grader_type, grader_id,
         metric, score, passed, comment, graded_at, recorded_at)
       WITH graded AS (SELECT i FROM UNNEST(GENERATE_ARRAY(@from, @to)) AS i WHERE MOD(i, 2) = 0),
       runs AS (SELECT i, ${RUN} FROM graded, (SELECT @versions AS versions))
       SELECT CONCAT('e', CAST(i AS STRING), '_g'), CONCAT('e', CAST(i AS STRING)), SPLIT(agent_version_id, '@')[OFFSET(0)],
         agent_version_id, IF(MOD(i, 8) = 0, 'human', 'llm_judge'), 'judge-v1', 'quality',
         MOD(i, 5) / 4, MOD(i, 5) >= 2, CAST(NULL AS STRING),
         TIMESTAMP_ADD(started_at, INTERVAL 2 HOUR), TIMESTAMP_ADD(started_at, INTERVAL 121 MINUTE)
       FROM runs`,
      params,
    );
  }
}

/** Human grades, given late, for every 200th of runs 1..n: recorded after the incremental batch, on every day. */
async function seedLateGrades(raw: Connection, versions: string[], n: number): Promise<void> {
  await runQuery(
    raw,
    `INSERT INTO {{dataset}}.outcome_grades (grade_id, execution_id, agent_id, agent_version_id, grader_type, grader_id,
       metric, score, passed, comment, graded_at, recorded_at)
     WITH runs AS (SELECT i, ${RUN} FROM UNNEST(GENERATE_ARRAY(200, @n, 200)) AS i, (SELECT @versions AS versions))
     SELECT CONCAT('e', CAST(i AS STRING), '_late'), CONCAT('e', CAST(i AS STRING)), SPLIT(agent_version_id, '@')[OFFSET(0)],
       agent_version_id, 'human', 'reviewer', 'quality', 0.25, FALSE, 'reviewed late',
       TIMESTAMP_ADD(TIMESTAMP '2026-03-01 00:00:00+00', INTERVAL ${DAYS + 1} DAY),
       TIMESTAMP_ADD(TIMESTAMP '2026-03-01 00:00:00+00', INTERVAL ${DAYS + 1} DAY)
     FROM runs`,
    { n: param.int64(n), versions: param.stringArray(versions) },
  );
}

/**
 * The emulator answering on `restPort`, as /proc sees it: peak resident memory (VmHWM) in MiB and
 * CPU time used so far (user + system) in seconds, which a busy machine inflates less than wall
 * time. The process is found by its command line (the watchdog shell that started it has the same
 * arguments but not the binary's name first). Undefined off Linux or on BigQuery.
 */
function emulatorUsage(restPort: number | undefined): { peakMiB: number; cpuS: number } | undefined {
  if (restPort === undefined) return undefined;
  const ticksPerSecond = 100;
  for (const pid of readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
    try {
      const command = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
      if (!command[0]?.endsWith('bigquery-emulator') || !command.includes(`--port=${restPort}`)) continue;
      const kib = Number(/VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0);
      // /proc/<pid>/stat: fields 14 and 15 (utime, stime) after the parenthesised command name
      const fields = readFileSync(`/proc/${pid}/stat`, 'utf8')
        .replace(/^.*\) /, '')
        .split(' ');
      return { peakMiB: kib / 1024, cpuS: (Number(fields[11]) + Number(fields[12])) / ticksPerSecond };
    } catch {
      // the process ended while being read
    }
  }
  return undefined;
}

async function count(connection: Connection, table: string): Promise<number> {
  const { rows } = await runQuery<{ n: number }>(connection, `SELECT COUNT(*) AS n FROM {{dataset}}.${table}`);
  return Number(rows[0]?.n ?? 0);
}

interface RunOutcome {
  ms: number;
  ok: boolean;
  note: string;
  actions: string;
}

interface PhaseResult {
  seedMs: number;
  run: RunOutcome;
  /** The emulator's peak resident memory so far (VmHWM), MiB. */
  peakMiB?: number;
  /** Emulator CPU seconds (user + system) spent in the dataform run. */
  cpuS?: number;
  martCounts?: Record<string, number>;
  /** On BigQuery: the run's query jobs and their bytes processed. */
  jobs?: { count: number; bytes: number };
}

interface SizeResult {
  n: number;
  label: string;
  rawCounts: Record<string, number>;
  full: PhaseResult;
  incremental?: PhaseResult;
  /** With --repeat: the incremental runs after the first, each after another batch of new runs. */
  repeats?: PhaseResult[];
  /** The twin's second run: a full refresh after the same batch, on the same state. */
  refreshAgain?: PhaseResult;
  statsRows?: Record<string, number>;
  statsMs?: number;
  totalRuns?: number;
}

/** Query jobs created in [from, to] by this user and the bytes they processed (BigQuery only). */
async function jobsBetween(raw: Connection, from: Date, to: Date): Promise<{ count: number; bytes: number }> {
  const { rows } = await runQuery<{ jobs: number; bytes: number | null }>(
    raw,
    `SELECT COUNT(*) AS jobs, SUM(total_bytes_processed) AS bytes
     FROM \`region-us\`.INFORMATION_SCHEMA.JOBS_BY_USER
     WHERE creation_time BETWEEN @from AND @to AND job_type = 'QUERY' AND statement_type != 'SCRIPT'`,
    { from: param.timestamp(from), to: param.timestamp(to) },
  );
  return { count: Number(rows[0]?.jobs ?? 0), bytes: Number(rows[0]?.bytes ?? 0) };
}

async function benchSize(
  n: number,
  label: string,
  projectDir: string | undefined,
  second: 'incremental' | 'full refresh' | undefined,
): Promise<SizeResult> {
  const target = await openTarget(`df${n}`);
  const raw = target.connection;
  const martsId = `${raw.datasetId}_marts`;
  const assertionsId = `${raw.datasetId}_assert`;
  const marts = connect({ projectId: raw.projectId, datasetId: martsId, emulatorHost: target.emulator?.host });
  let timedOut = false;

  const dataform = async (fullRefresh: boolean): Promise<RunOutcome> => {
    // Past the limit, stopping the emulator makes the CLI fail fast (runDataform has no timeout).
    const guard = setTimeout(() => {
      timedOut = true;
      void target.close();
    }, LIMIT_MS);
    const tablesCreated: string[] = [];
    let assertionsPassed = 0;
    const proxy =
      process.env.TRACE && target.emulator
        ? await traceProxy(target.emulator.host, `${process.env.TRACE}-${fullRefresh ? 'full' : 'incr'}.tsv`)
        : undefined;
    const result = await runDataform({
      projectDir,
      projectId: raw.projectId,
      emulatorHost: proxy?.host ?? target.emulator?.host,
      dataset: martsId,
      rawDataset: raw.datasetId,
      assertionDataset: assertionsId,
      fullRefresh,
      onOutput: (line) => {
        // The CLI's output arrives in bursts, so only what happened is kept, not when.
        const text = line.trim().replace(/\s+/g, ' ');
        if (/^Table (?:created|appended):/.test(text)) tablesCreated.push(text.replace(/^Table \w+: \S+\./, ''));
        else if (/^Assertion passed:/.test(text)) assertionsPassed++;
      },
    });
    clearTimeout(guard);
    proxy?.close();
    const actions = `built ${tablesCreated.length} tables/views (${tablesCreated.join(', ')}); ${assertionsPassed} assertions passed`;
    if (timedOut) return { ms: result.durationMs, ok: false, note: `stopped after ${LIMIT_MS / 60_000} min (emulator killed)`, actions };
    if (!result.ok) {
      // What each failed action printed: its "… failed:" line and the error under it, without the
      // echo of its SQL (the lines starting with ">").
      const lines = result.output.replace(/\r/g, '\n').split('\n');
      const tail = lines
        .flatMap((line, i) =>
          /failed:/.test(line)
            ? lines
                .slice(i, i + 200)
                .filter((l) => !/^\s*>/.test(l))
                .slice(0, 8)
            : [],
        )
        .join('\n');
      return {
        ms: result.durationMs,
        ok: false,
        note: `dataform failed: ${result.failedActions.join(', ')}\n--- the failures as the CLI printed them ---\n${tail}`,
        actions,
      };
    }
    return { ms: result.durationMs, ok: true, note: '', actions };
  };

  const phase = async (seed: () => Promise<void>, fullRefresh: boolean): Promise<PhaseResult> => {
    const seedMs = await timeMs(seed);
    const from = new Date();
    const before = emulatorUsage(target.emulator?.restPort);
    const run = await dataform(fullRefresh);
    const after = timedOut ? undefined : emulatorUsage(target.emulator?.restPort);
    const usage = { peakMiB: after?.peakMiB, cpuS: before && after ? after.cpuS - before.cpuS : undefined };
    if (!run.ok) return { seedMs, run, ...usage };
    const martCounts: Record<string, number> = {};
    for (const table of ['run_facts', 'version_daily_metrics', 'canary_units', 'canary_stratum_metrics'])
      martCounts[table] = await count(marts, table);
    const jobs = target.emulator ? undefined : await jobsBetween(raw, from, new Date());
    return { seedMs, run, ...usage, martCounts, jobs };
  };

  try {
    await initStore(raw);
    await raw.bigquery.createDataset(martsId);
    await raw.bigquery.createDataset(assertionsId);
    const versions = await seedAgents(raw);
    await seedCanaries(raw);
    const full = await phase(() => seedTelemetry(raw, versions, n, 1, n), true);
    const rawCounts: Record<string, number> = {};
    for (const table of ['task_executions', 'llm_calls', 'outcome_grades']) rawCounts[table] = await count(raw, table);
    const result: SizeResult = { n, label, rawCounts, full };
    if (!full.run.ok) return result;

    result.statsRows = {};
    result.totalRuns = 0;
    for (const agent of AGENTS) {
      const stats = await loadVersionStats(marts, { agentId: agent.id });
      result.statsRows[agent.id] = stats.length;
      result.totalRuns += stats.reduce((sum, s) => sum + s.nRuns, 0);
    }
    result.statsMs = await medianMs(5, () => loadVersionStats(marts, { agentId: 'triage' }));

    if (second) {
      const added = Math.max(1, Math.round(n / 100));
      await seedTelemetry(raw, versions, n, n + 1, n + added);
      await seedLateGrades(raw, versions, n);
      if (second === 'full refresh') {
        result.refreshAgain = await phase(async () => {}, true);
      } else {
        if (PROFILE) await profileIncremental(raw, { martsId, assertionsId, projectDir });
        result.incremental = await phase(async () => {}, false);
        result.repeats = [];
        for (let k = 2; k <= REPEAT && result.incremental.run.ok && !timedOut; k++) {
          const again = await phase(() => seedTelemetry(raw, versions, n, n + added * (k - 1) + 1, n + added * k), false);
          result.repeats.push(again);
          if (!again.run.ok) break;
        }
      }
    }
    return result;
  } finally {
    if (!timedOut) {
      if (!target.emulator) {
        for (const id of [martsId, assertionsId]) await raw.bigquery.dataset(id).delete({ force: true });
      }
      await target.close();
    }
  }
}

/**
 * Each statement of the coming incremental run, timed alone on the same data (its pre-operations,
 * then them with a COUNT(*) of its query; every assertion), to see where a run's time goes; the
 * rest of a `dataform run` is the CLI's own cost per action.
 */
async function profileIncremental(raw: Connection, at: { martsId: string; assertionsId: string; projectDir: string | undefined }) {
  const compiled = await compileDataform({
    projectDir: at.projectDir,
    projectId: raw.projectId,
    dataset: at.martsId,
    rawDataset: raw.datasetId,
    assertionDataset: at.assertionsId,
  });
  const time = async (name: string, sql: string) => console.log(`  profile: ${name} ${fmt(await timeMs(() => runQuery(raw, sql)))}`);
  for (const table of compiled.graph?.tables ?? []) {
    const { incrementalQuery, incrementalPreOps, query } = table as typeof table & {
      incrementalQuery?: string;
      incrementalPreOps?: string[];
    };
    if (incrementalQuery) {
      const pre = (incrementalPreOps ?? []).join(';\n');
      await time(`${table.target.name} pre-operations`, `${pre};\nSELECT 1`);
      await time(`${table.target.name} pre-operations + COUNT(*) of its query`, `${pre};\nSELECT COUNT(*) FROM (${incrementalQuery})`);
    } else if (table.enumType === 'TABLE' && query) {
      await time(`${table.target.name} COUNT(*) of its query`, `SELECT COUNT(*) FROM (${query})`);
    }
  }
  for (const assertion of compiled.graph?.assertions ?? []) {
    if (assertion.query) await time(`assertion ${assertion.target.name}`, `SELECT COUNT(*) FROM (${assertion.query})`);
  }
}

/**
 * The emulator's cost of the query shapes the models use, on tables of n ids and 2n rows naming
 * them: GROUP BY, the staging views' QUALIFY ROW_NUMBER() de-duplication, a LEFT JOIN on the id
 * (as run_facts joined executions to their calls) against UNION ALL + GROUP BY (as it does now),
 * and a correlated NOT EXISTS against NOT IN (subquery) (the known-versions assertions).
 */
async function joinProbe(): Promise<void> {
  const target = await openTarget('joinprobe');
  const conn = target.connection;
  try {
    for (const n of [1000, 2000, 4000]) {
      const params = { n: param.int64(n) };
      await runQuery(
        conn,
        `CREATE TABLE {{dataset}}.runs${n} AS SELECT CONCAT('e', CAST(i AS STRING)) AS id, CAST(MOD(i, 6) AS STRING) AS v, MOD(i * 37, 4000) AS x FROM UNNEST(GENERATE_ARRAY(1, @n)) AS i`,
        params,
      );
      await runQuery(
        conn,
        `CREATE TABLE {{dataset}}.calls${n} AS SELECT CONCAT('e', CAST(DIV(k + 1, 2) AS STRING)) AS id, MOD(k, 9) * 0.1 AS cost FROM UNNEST(GENERATE_ARRAY(1, 2 * @n)) AS k`,
        params,
      );
      const runs = `{{dataset}}.runs${n}`;
      const calls = `{{dataset}}.calls${n}`;
      const shapes: Record<string, string> = {
        'GROUP BY': `SELECT v, COUNT(*) AS c FROM ${runs} GROUP BY v`,
        'QUALIFY ROW_NUMBER de-dup': `SELECT COUNT(*) AS c FROM (SELECT * FROM ${calls} QUALIFY ROW_NUMBER() OVER (PARTITION BY id ORDER BY cost DESC) = 1)`,
        'LEFT JOIN USING (id)': `SELECT COUNT(*) AS c, SUM(cost) AS s FROM ${runs} LEFT JOIN (SELECT id, SUM(cost) AS cost FROM ${calls} GROUP BY id) USING (id)`,
        'UNION ALL + GROUP BY id': `SELECT COUNT(*) AS c, SUM(cost) AS s FROM (
          SELECT id, MAX(x) AS x, SUM(cost) AS cost FROM (
            SELECT id, x, NULL AS cost FROM ${runs} UNION ALL SELECT id, NULL, cost FROM ${calls}
          ) GROUP BY id)`,
        'NOT EXISTS (correlated)': `SELECT COUNT(*) AS c FROM ${calls} AS c WHERE NOT EXISTS (SELECT 1 FROM ${runs} AS r WHERE r.id = c.id AND r.v != '0')`,
        'NOT IN (subquery)': `SELECT COUNT(*) AS c FROM ${calls} WHERE id NOT IN (SELECT id FROM ${runs} WHERE v != '0')`,
      };
      const timings: string[] = [];
      for (const [name, sql] of Object.entries(shapes)) timings.push(`${name} ${fmt(await timeMs(() => runQuery(conn, sql)))}`);
      console.log(`n=${n}: ${timings.join('; ')}`);
    }
  } finally {
    await target.close();
  }
}

if (process.argv.includes('--join-probe')) {
  await joinProbe();
  process.exit(0);
}

const mib = (value: number | undefined) => (value === undefined ? 'n/a' : `${value.toFixed(0)} MiB`);
function describePhase(name: string, phase: PhaseResult): void {
  console.log(
    `${name}: seeding ${fmt(phase.seedMs)}; dataform run ${fmt(phase.run.ms)} (${phase.run.ok ? 'ok' : 'NOT OK'})${phase.run.note ? `: ${phase.run.note}` : ''}`,
  );
  console.log(`  ${phase.run.actions}`);
  console.log(
    `  emulator: peak memory (VmHWM) ${mib(phase.peakMiB)}, CPU ${phase.cpuS === undefined ? 'n/a' : `${phase.cpuS.toFixed(1)} s`}`,
  );
  if (phase.martCounts)
    console.log(
      `  marts: ${Object.entries(phase.martCounts)
        .map(([table, rows]) => `${table} ${rows}`)
        .join(', ')}`,
    );
  if (phase.jobs) console.log(`  BigQuery: ${phase.jobs.count} query jobs, ${phase.jobs.bytes.toLocaleString('en-US')} bytes processed`);
}

const projects: Array<[string, string | undefined]> = [['definitions/', undefined]];
if (BASELINE) projects.push([`baseline ${BASELINE}`, BASELINE]);
const results: SizeResult[] = [];
for (const n of sizes) {
  let failed = false;
  for (const [label, projectDir] of projects) {
    const result = await benchSize(n, label, projectDir, INCREMENTAL || TWIN ? 'incremental' : undefined);
    results.push(result);
    const counts = Object.entries(result.rawCounts)
      .map(([t, c]) => `${t} ${c}`)
      .join(', ');
    console.log(`\n== ${n.toLocaleString('en-US')} executions, ${label} ==`);
    console.log(`rows: ${counts}`);
    describePhase('full refresh', result.full);
    if (result.statsRows) {
      console.log(
        `  loadVersionStats rows per agent: ${Object.entries(result.statsRows)
          .map(([a, c]) => `${a} ${c}`)
          .join(', ')} (runs summed: ${result.totalRuns}); triage query median of 5: ${fmt(result.statsMs ?? 0)}`,
      );
    }
    if (result.incremental) {
      describePhase(`incremental (+${Math.round(n / 100)} runs, +${Math.floor(n / 200)} late grades)`, result.incremental);
      console.log(`  incremental / full refresh: ${ratio(result.incremental.run.ms, result.full.run.ms)}`);
    }
    for (const [i, again] of (result.repeats ?? []).entries()) {
      describePhase(`incremental run ${i + 2} (+${Math.round(n / 100)} runs more)`, again);
      if (result.incremental) console.log(`  run ${i + 2} / run 1: ${ratio(again.run.ms, result.incremental.run.ms)}`);
    }
    if (TWIN) {
      const twin = await benchSize(n, label, projectDir, 'full refresh');
      if (twin.refreshAgain) {
        describePhase('twin: full refresh, the same batch, then a full refresh again', twin.refreshAgain);
        if (result.incremental)
          console.log(`  incremental / full refresh on the same state: ${ratio(result.incremental.run.ms, twin.refreshAgain.run.ms)}`);
      }
    }
    failed ||= !result.full.run.ok;
  }
  if (failed) break;
}

for (const [label] of projects) {
  const done = results.filter((r) => r.label === label && r.full.run.ok);
  for (const [i, big] of done.slice(1).entries()) {
    const small = done[i] as SizeResult;
    console.log(
      `\n${label} ratio ${big.n}/${small.n}: seeding ${ratio(big.full.seedMs, small.full.seedMs)}, dataform run ${ratio(big.full.run.ms, small.full.run.ms)}`,
    );
  }
}
if (BASELINE) {
  for (const n of sizes) {
    const [ours, theirs] = projects.map(([label]) => results.find((r) => r.n === n && r.label === label));
    if (ours?.full.run.ok && theirs?.full.run.ok)
      console.log(`\n${n}: baseline / definitions/ dataform run ${ratio(theirs.full.run.ms, ours.full.run.ms)}`);
  }
}
