// Emulator start-up time and per-statement latency, with the SELECT 1 round trip as the unit.
// Run: npx tsx bench/emulator-bench.ts
import { param } from '../src/bigquery/query-parameters.js';
import { runQuery } from '../src/bigquery/run-query.js';
import { startEmulator } from '../src/emulator/local-emulator.js';
import { createAgent } from '../src/store/agent-writes.js';
import { initStore } from '../src/store/init-store.js';
import { writeVersion } from '../src/store/write-version.js';
import { fmt, median, medianMs, openTarget, ratio } from './bench-kit.js';

const REPEATS = 15;

const startups: number[] = [];
for (let i = 0; i < 5; i++) {
  const emulator = await startEmulator({ projectId: 'startup' });
  startups.push(emulator.startupMs);
  await emulator.stop();
}

const target = await openTarget('statements');
const conn = target.connection;
try {
  await initStore(conn, ['agent_configs']);
  const first = await createAgent(
    conn,
    'bench',
    { name: 'B', system_prompt: 'p', model: 'm', temperature: 0 },
    { author: 'bench', message: 'v1' },
  );
  let version = first.record.version;

  const select1 = await medianMs(REPEATS, () => runQuery(conn, 'SELECT 1 AS one'));
  const createTable = await medianMs(REPEATS, (i) => runQuery(conn, `CREATE TABLE t_${i + 1} (id STRING, n INT64)`));
  await runQuery(conn, 'CREATE TABLE single_rows (id STRING, n INT64)');
  const insertRow = await medianMs(REPEATS, (i) =>
    runQuery(conn, 'INSERT INTO single_rows (id, n) VALUES (@id, @n)', { id: param.string(`r${i}`), n: param.int64(i) }),
  );
  const merge = await medianMs(REPEATS, async (i) => {
    const { record } = await writeVersion(conn, {
      agentId: 'bench',
      expectedVersion: version,
      config: { ...first.record.config, temperature: (i + 2) / 100 },
      author: 'bench',
      message: 'edit',
    });
    version = record.version;
  });
  await runQuery(conn, 'CREATE TABLE streamed (id STRING, n INT64, note STRING)');
  const table = conn.bigquery.dataset(conn.datasetId).table('streamed');
  const rows = Array.from({ length: 1000 }, (_, i) => ({ id: `row-${i}`, n: i, note: 'x'.repeat(40) }));
  const insertAll = await medianMs(5, () => table.insert(rows));

  console.log(`emulator start-up (median of ${startups.length}): ${fmt(median(startups))}`);
  console.log(`unit: SELECT 1 round trip (median of ${REPEATS}): ${fmt(select1)}`);
  for (const [label, ms] of [
    ['CREATE TABLE', createTable],
    ['single-row INSERT', insertRow],
    ['write MERGE script (temp table + MERGE + read-back)', merge],
    ['insertAll of 1,000 rows (median of 5)', insertAll],
  ] as const) {
    console.log(`${label}: ${fmt(ms)} = ${ratio(ms, select1)} SELECT 1`);
  }
} finally {
  await target.close();
}
