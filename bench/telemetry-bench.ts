// Telemetry ingest throughput (TelemetryRecorder, batched vs one row per insertAll request) and
// the runtime's config lookup (a cached AgentResolver.resolve() vs a getLatest query), in one run.
// Run: npx tsx bench/telemetry-bench.ts            (emulator)
//      npx tsx bench/telemetry-bench.ts --project <id>   (real BigQuery; creates and drops a dataset)
import { param } from '../src/bigquery/query-parameters.js';
import { runQuery } from '../src/bigquery/run-query.js';
import { AgentResolver } from '../src/runtime/agent-resolver.js';
import { createAgent } from '../src/store/agent-writes.js';
import { initStore } from '../src/store/init-store.js';
import { getLatest } from '../src/store/read-versions.js';
import { TelemetryRecorder } from '../src/telemetry/telemetry-recorder.js';
import type { ExecutionRow } from '../src/telemetry/telemetry-rows.js';
import { fmt, median, medianMs, openTarget, ratio, timeMs } from './bench-kit.js';

const ROWS = Number(process.env.TELEMETRY_BENCH_ROWS ?? 2000);
const RESOLVE_REPEATS = 10_000;
const QUERY_REPEATS = 20;

const target = await openTarget('telemetry');
const conn = target.connection;

function execution(prefix: string, i: number, agentVersionId: string): ExecutionRow {
  const started = Date.parse('2026-03-01T08:00:00Z') + i * 60_000;
  return {
    execution_id: `${prefix}-${i}`,
    agent_id: 'bench',
    agent_version_id: agentVersionId,
    task_type: i % 2 ? 'billing_question' : 'bug_report',
    status: i % 5 === 4 ? 'failed' : 'succeeded',
    resolution: i % 3 === 0 ? 'resolved' : 'escalated',
    is_first_response_resolution: i % 4 === 0,
    error_class: i % 5 === 4 ? 'tool_error' : null,
    cost_usd: 0.01 + (i % 7) * 0.001,
    input_tokens: 100 + i,
    output_tokens: 50 + (i % 13),
    latency_ms: 900 + (i % 17) * 31,
    started_at: new Date(started),
    ended_at: new Date(started + 30_000),
    attributes: { bench: true, i },
  };
}

async function countRows(prefix: string): Promise<number> {
  const { rows } = await runQuery<{ n: number }>(
    conn,
    'SELECT COUNT(*) AS n FROM {{dataset}}.task_executions WHERE STARTS_WITH(execution_id, @prefix)',
    { prefix: param.string(`${prefix}-`) },
  );
  return Number(rows[0]?.n ?? 0);
}

/** Records ROWS executions with `maxBatchRows` and waits for all of them; `await` per row when `sequential`. */
async function ingest(prefix: string, maxBatchRows: number, agentVersionId: string, sequential = false) {
  const recorder = new TelemetryRecorder(conn, { maxBatchRows, flushIntervalMs: 60_000, flushOnExit: false });
  let inserted = 0;
  let rejected = 0;
  const ms = await timeMs(async () => {
    for (let i = 0; i < ROWS; i++) {
      recorder.recordExecution(execution(prefix, i, agentVersionId));
      if (sequential) {
        const result = await recorder.flush();
        inserted += result.inserted;
        rejected += result.rejected.length;
      }
    }
    const result = await recorder.close();
    inserted += result.inserted;
    rejected += result.rejected.length;
  });
  return { ms, rowsPerSecond: (ROWS / ms) * 1000, inserted, rejected, counted: await countRows(prefix) };
}

try {
  await initStore(conn);
  const created = await createAgent(
    conn,
    'bench',
    { name: 'B', system_prompt: 'p', model: 'm', temperature: 0 },
    { author: 'bench', message: 'v1' },
  );
  const versionId = created.record.agentVersionId;
  const select1 = await medianMs(15, () => runQuery(conn, 'SELECT 1 AS one'));

  // Warm the insertAll path once, then the three ways of sending the same ROWS rows.
  await conn.bigquery
    .dataset(conn.datasetId)
    .table('task_executions')
    .insert([
      {
        ...execution('warm', 0, versionId),
        started_at: '2026-03-01T08:00:00Z',
        ended_at: null,
        attributes: null,
        recorded_at: new Date().toISOString(),
      },
    ]);
  const batched = await ingest('batched', 500, versionId);
  const single = await ingest('single', 1, versionId);
  const sequential = await ingest('sequential', 1, versionId, true);

  // Resolver: one miss fills the cache, then hits; a direct getLatest query for comparison.
  const resolver = new AgentResolver(conn, { ttlMs: 10 * 60_000, maxStalenessMs: 15 * 60_000 });
  const miss = await timeMs(() => resolver.resolve('bench'));
  const hitTimes: number[] = [];
  let notCached = 0;
  for (let i = 0; i < RESOLVE_REPEATS; i++) {
    const started = performance.now();
    const resolved = await resolver.resolve('bench');
    hitTimes.push(performance.now() - started);
    if (resolved.source !== 'cache') notCached++;
  }
  const hit = median(hitTimes);
  const loopStarted = performance.now();
  for (let i = 0; i < RESOLVE_REPEATS; i++) await resolver.resolve('bench');
  const hitMean = (performance.now() - loopStarted) / RESOLVE_REPEATS;
  const direct = await medianMs(QUERY_REPEATS, () => getLatest(conn, 'bench'));

  const line = (label: string, r: Awaited<ReturnType<typeof ingest>>) =>
    `${label}: ${ROWS} rows in ${fmt(r.ms)} = ${r.rowsPerSecond.toFixed(0)} rows/s (inserted ${r.inserted}, refused ${r.rejected}, counted in table ${r.counted})`;
  console.log(`backend: ${target.emulator ? `emulator ${target.emulator.host}` : 'BigQuery'}`);
  console.log(`unit: SELECT 1 round trip (median of 15): ${fmt(select1)}`);
  console.log(line('batched, maxBatchRows 500 (4 insertAll requests)', batched));
  console.log(line(`maxBatchRows 1, recorded in a loop (${ROWS} insertAll requests in flight at once)`, single));
  console.log(line(`maxBatchRows 1, awaiting each row (${ROWS} insertAll requests one after another)`, sequential));
  console.log(`ratio batched / one-per-request (concurrent): ${ratio(batched.rowsPerSecond, single.rowsPerSecond)}`);
  console.log(`ratio batched / one-per-request (sequential): ${ratio(batched.rowsPerSecond, sequential.rowsPerSecond)}`);
  console.log(`resolver miss (first resolve, reads BigQuery): ${fmt(miss)}`);
  console.log(
    `resolver hit (cached resolve, median of ${RESOLVE_REPEATS}): ${(hit * 1000).toFixed(2)} µs (mean ${(hitMean * 1000).toFixed(2)} µs; ${notCached} not from cache)`,
  );
  console.log(`getLatest query (median of ${QUERY_REPEATS}): ${fmt(direct)} = ${ratio(direct, select1)} SELECT 1`);
  console.log(`ratio getLatest / cached resolve: ${(direct / hit).toFixed(0)}× (by mean hit: ${(direct / hitMean).toFixed(0)}×)`);
} finally {
  await target.close();
}
