// `dataform run --full-refresh` wall time for growing telemetry (task executions with 2 LLM calls
// and 0.5 grades per run, over 6 versions of 3 agents and 30 days), each size on a fresh emulator;
// plus the mart sizes and how many rows the report's query (loadVersionStats) returns.
// Run: npx tsx bench/dataform-bench.ts                 (1k, 2k, 5k and 10k executions; stops at the first size that fails)
//      npx tsx bench/dataform-bench.ts 10000 100000    (other sizes; 100k does not finish on the emulator, see --join-probe)
//      npx tsx bench/dataform-bench.ts --join-probe    (why: the emulator's equi-join cost for 1k, 2k and 4k rows)
//      DATAFORM_BENCH_LIMIT_MIN=15 npx tsx bench/dataform-bench.ts   (give up on a size after 15 min; default 12)
//      npx tsx bench/dataform-bench.ts --project <id>  (real BigQuery; creates and drops datasets)
import { type Connection, connect } from '../src/bigquery/connection.js';
import { param } from '../src/bigquery/query-parameters.js';
import { runQuery } from '../src/bigquery/run-query.js';
import { runDataform } from '../src/dataform/run-dataform.js';
import { loadVersionStats } from '../src/report/sql/load-version-stats.js';
import { createAgent, editAgent } from '../src/store/agent-writes.js';
import { initStore } from '../src/store/init-store.js';
import { fmt, medianMs, openTarget, ratio, timeMs } from './bench-kit.js';

const sizes = process.argv
  .slice(2)
  .filter((arg, i, all) => all[i - 1] !== '--project' && /^\d+$/.test(arg))
  .map(Number);
if (sizes.length === 0) sizes.push(1_000, 2_000, 5_000, 10_000);
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

// Run i (1..n) belongs to version i mod 6 and starts at a point spread evenly over DAYS days.
const RUN = `
  versions[OFFSET(MOD(i, ARRAY_LENGTH(versions)))] AS agent_version_id,
  TIMESTAMP_ADD(TIMESTAMP '2026-03-01 00:00:00+00', INTERVAL DIV(i * ${DAYS * 86_400}, @n) SECOND) AS started_at`;

/** Executions, 2 LLM calls per run and a grade on every other run, each in one INSERT … SELECT. */
async function seedTelemetry(raw: Connection, versions: string[], n: number): Promise<void> {
  const params = { n: param.int64(n), versions: param.stringArray(versions) };
  await runQuery(
    raw,
    `INSERT INTO {{dataset}}.task_executions (execution_id, agent_id, agent_version_id, task_type, status, resolution,
       is_first_response_resolution, error_class, cost_usd, input_tokens, output_tokens, latency_ms, started_at, ended_at, recorded_at)
     WITH runs AS (SELECT i, ${RUN} FROM UNNEST(GENERATE_ARRAY(1, @n)) AS i, (SELECT @versions AS versions))
     SELECT CONCAT('e', CAST(i AS STRING)), SPLIT(agent_version_id, '@')[OFFSET(0)], agent_version_id,
       IF(MOD(i, 2) = 0, 'bug_report', 'billing_question'),
       CASE MOD(i, 10) WHEN 7 THEN 'failed' WHEN 8 THEN 'timed_out' WHEN 9 THEN 'cancelled' ELSE 'succeeded' END,
       CASE MOD(i, 5) WHEN 0 THEN 'escalated' WHEN 1 THEN NULL ELSE 'resolved' END,
       IF(MOD(i, 7) = 0, NULL, MOD(i, 3) = 0), IF(MOD(i, 10) = 7, 'tool_error', NULL),
       IF(MOD(i, 13) = 0, NULL, 0.01 + MOD(i, 17) * 0.0013), 200 + MOD(i, 500), IF(MOD(i, 11) = 0, NULL, 80 + MOD(i, 300)),
       IF(MOD(i, 19) = 0, NULL, 800 + MOD(i * 37, 4000)), started_at, TIMESTAMP_ADD(started_at, INTERVAL 30 SECOND),
       TIMESTAMP_ADD(started_at, INTERVAL 1 MINUTE)
     FROM runs`,
    params,
  );
  await runQuery(
    raw,
    `INSERT INTO {{dataset}}.llm_calls (call_id, execution_id, agent_id, agent_version_id, model, status, error_class,
       input_tokens, output_tokens, cost_usd, latency_ms, started_at, recorded_at)
     WITH calls AS (SELECT k, DIV(k + 1, 2) AS i FROM UNNEST(GENERATE_ARRAY(1, 2 * @n)) AS k),
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
     WITH graded AS (SELECT 2 * g AS i FROM UNNEST(GENERATE_ARRAY(1, DIV(@n, 2))) AS g),
     runs AS (SELECT i, ${RUN} FROM graded, (SELECT @versions AS versions))
     SELECT CONCAT('e', CAST(i AS STRING), '_g'), CONCAT('e', CAST(i AS STRING)), SPLIT(agent_version_id, '@')[OFFSET(0)],
       agent_version_id, IF(MOD(i, 8) = 0, 'human', 'llm_judge'), 'judge-v1', 'quality',
       MOD(i, 5) / 4, MOD(i, 5) >= 2, CAST(NULL AS STRING),
       TIMESTAMP_ADD(started_at, INTERVAL 2 HOUR), TIMESTAMP_ADD(started_at, INTERVAL 121 MINUTE)
     FROM runs`,
    params,
  );
}

async function count(connection: Connection, table: string): Promise<number> {
  const { rows } = await runQuery<{ n: number }>(connection, `SELECT COUNT(*) AS n FROM {{dataset}}.${table}`);
  return Number(rows[0]?.n ?? 0);
}

interface SizeResult {
  n: number;
  seedMs: number;
  rawCounts: Record<string, number>;
  runMs: number;
  ok: boolean;
  note: string;
  actions: string;
  martCounts?: Record<string, number>;
  statsRows?: Record<string, number>;
  statsMs?: number;
  totalRuns?: number;
}

async function benchSize(n: number): Promise<SizeResult> {
  const target = await openTarget(`df${n}`);
  const raw = target.connection;
  const martsId = `${raw.datasetId}_marts`;
  const assertionsId = `${raw.datasetId}_assert`;
  const marts = connect({ projectId: raw.projectId, datasetId: martsId, emulatorHost: target.emulator?.host });
  let timedOut = false;
  try {
    await initStore(raw);
    await raw.bigquery.createDataset(martsId);
    await raw.bigquery.createDataset(assertionsId);
    const versions = await seedAgents(raw);
    const seedMs = await timeMs(() => seedTelemetry(raw, versions, n));
    const rawCounts: Record<string, number> = {};
    for (const table of ['task_executions', 'llm_calls', 'outcome_grades']) rawCounts[table] = await count(raw, table);

    // Past the limit, stopping the emulator makes the CLI fail fast (runDataform has no timeout).
    const guard = setTimeout(() => {
      timedOut = true;
      void target.close();
    }, LIMIT_MS);
    const tablesCreated: string[] = [];
    let assertionsPassed = 0;
    const result = await runDataform({
      projectId: raw.projectId,
      emulatorHost: target.emulator?.host,
      dataset: martsId,
      rawDataset: raw.datasetId,
      assertionDataset: assertionsId,
      fullRefresh: true,
      onOutput: (line) => {
        // The CLI's output arrives in bursts, so only what happened is kept, not when.
        const text = line.trim().replace(/\s+/g, ' ');
        if (/^Table created:/.test(text)) tablesCreated.push(text.replace(/^Table created: \S+\./, ''));
        else if (/^Assertion passed:/.test(text)) assertionsPassed++;
      },
    });
    clearTimeout(guard);
    const actions = `created ${tablesCreated.length} tables/views (${tablesCreated.join(', ')}); ${assertionsPassed} assertions passed`;
    const runMs = result.durationMs;
    if (timedOut)
      return { n, seedMs, rawCounts, runMs, ok: false, note: `stopped after ${LIMIT_MS / 60_000} min (emulator killed)`, actions };
    if (!result.ok) {
      return {
        n,
        seedMs,
        rawCounts,
        runMs,
        ok: false,
        note: `dataform failed: ${result.failedActions.join(', ')}\n--- last lines of the CLI output ---\n${result.output.replace(/\r/g, '\n').trim().split('\n').slice(-25).join('\n')}`,
        actions,
      };
    }
    const martCounts: Record<string, number> = {};
    for (const table of ['run_facts', 'version_daily_metrics', 'version_metrics']) martCounts[table] = await count(marts, table);
    const statsRows: Record<string, number> = {};
    let totalRuns = 0;
    for (const agent of AGENTS) {
      const stats = await loadVersionStats(marts, { agentId: agent.id });
      statsRows[agent.id] = stats.length;
      totalRuns += stats.reduce((sum, s) => sum + s.nRuns, 0);
    }
    const statsMs = await medianMs(5, () => loadVersionStats(marts, { agentId: 'triage' }));
    return { n, seedMs, rawCounts, runMs, ok: true, note: '', actions, martCounts, statsRows, statsMs, totalRuns };
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
 * The emulator's cost of the query shapes the models use, on a plain table of n rows: GROUP BY,
 * the staging views' QUALIFY ROW_NUMBER() de-duplication, APPROX_QUANTILES, and a LEFT JOIN on an
 * id (run_facts joins executions to their calls and grades this way).
 */
async function joinProbe(): Promise<void> {
  const target = await openTarget('joinprobe');
  const conn = target.connection;
  try {
    for (const n of [1000, 2000, 4000]) {
      await runQuery(conn, `CREATE TABLE {{dataset}}.t${n} (id STRING, v STRING, x FLOAT64)`);
      await runQuery(
        conn,
        `INSERT INTO {{dataset}}.t${n} SELECT CONCAT('e', CAST(i AS STRING)), CAST(MOD(i, 6) AS STRING), MOD(i * 37, 4000) FROM UNNEST(GENERATE_ARRAY(1, @n)) AS i`,
        { n: param.int64(n) },
      );
      const group = await timeMs(() => runQuery(conn, `SELECT v, COUNT(*) AS c FROM {{dataset}}.t${n} GROUP BY v`));
      const dedupe = await timeMs(() =>
        runQuery(
          conn,
          `SELECT COUNT(*) AS c FROM (SELECT * FROM {{dataset}}.t${n} QUALIFY ROW_NUMBER() OVER (PARTITION BY id ORDER BY x DESC) = 1)`,
        ),
      );
      const quantiles = await timeMs(() =>
        runQuery(conn, `SELECT v, ARRAY_LENGTH(APPROX_QUANTILES(x, 100)) AS q FROM {{dataset}}.t${n} GROUP BY v`),
      );
      const join = await timeMs(() =>
        runQuery(conn, `SELECT COUNT(*) AS c FROM {{dataset}}.t${n} AS a LEFT JOIN {{dataset}}.t${n} AS b USING (id)`),
      );
      console.log(
        `n=${n}: GROUP BY ${fmt(group)}; QUALIFY ROW_NUMBER de-dup ${fmt(dedupe)}; APPROX_QUANTILES ${fmt(quantiles)}; LEFT JOIN USING (id) ${fmt(join)}`,
      );
    }
  } finally {
    await target.close();
  }
}

if (process.argv.includes('--join-probe')) {
  await joinProbe();
  process.exit(0);
}

const results: SizeResult[] = [];
for (const n of sizes) {
  const result = await benchSize(n);
  results.push(result);
  const counts = Object.entries(result.rawCounts)
    .map(([t, c]) => `${t} ${c}`)
    .join(', ');
  console.log(`\n== ${n.toLocaleString('en-US')} executions ==`);
  console.log(`seeding (3 INSERT … SELECT statements): ${fmt(result.seedMs)}; rows: ${counts}`);
  console.log(`dataform run --full-refresh: ${fmt(result.runMs)} (${result.ok ? 'ok' : 'NOT OK'})${result.note ? `: ${result.note}` : ''}`);
  console.log(`  ${result.actions}`);
  if (result.martCounts) {
    console.log(
      `marts: run_facts ${result.martCounts.run_facts}, version_daily_metrics ${result.martCounts.version_daily_metrics}, version_metrics ${result.martCounts.version_metrics}`,
    );
    console.log(
      `loadVersionStats rows per agent: ${Object.entries(result.statsRows ?? {})
        .map(([a, c]) => `${a} ${c}`)
        .join(', ')} (runs summed: ${result.totalRuns}); triage query median of 5: ${fmt(result.statsMs ?? 0)}`,
    );
  }
  if (!result.ok) break;
}

const done = results.filter((r) => r.ok);
if (done.length >= 2) {
  for (const [i, big] of done.slice(1).entries()) {
    const small = done[i] as SizeResult;
    console.log(
      `\nratio ${big.n}/${small.n}: seeding ${ratio(big.seedMs, small.seedMs)}, dataform run ${ratio(big.runMs, small.runMs)}, ` +
        `loadVersionStats rows ${ratio(
          Object.values(big.statsRows ?? {}).reduce((a, b) => a + b, 0),
          Object.values(small.statsRows ?? {}).reduce((a, b) => a + b, 0),
        )}`,
    );
  }
}
