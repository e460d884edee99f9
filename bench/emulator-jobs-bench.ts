// The emulator keeps every job and re-reads all of them on each request: a trivial query's latency
// as the jobs it holds grow (jobs.query requests written by hand, which keep their jobs), then the
// same after deleting them, and with runQuery, which deletes its job once read (forgetEmulatorJobs).
// Run: npx tsx bench/emulator-jobs-bench.ts
import { connect } from '../src/bigquery/connection.js';
import { forgetEmulatorJobs } from '../src/bigquery/forget-emulator-jobs.js';
import { runQuery } from '../src/bigquery/run-query.js';
import { startEmulator } from '../src/emulator/local-emulator.js';
import { fmt, medianMs, ratio, timeMs } from './bench-kit.js';

const emulator = await startEmulator({ projectId: 'jobs' });
const conn = connect({ projectId: 'jobs', datasetId: 'jobs', emulatorHost: emulator.host });

/** jobs.query as a client without the clean-up sends it: the emulator keeps the job and its rows. */
const keptQuery = (query: string) =>
  new Promise<void>((resolve, reject) => {
    conn.bigquery.request({ method: 'POST', uri: '/queries', json: { query, useLegacySql: false } }, (error: Error | null) =>
      error ? reject(error) : resolve(),
    );
  });
const emulatorJobIds = async (bigquery: typeof conn.bigquery) => {
  const [jobs] = await bigquery.getJobs({ allUsers: true, maxResults: 100_000 });
  return new Set(jobs.flatMap((job) => job.id ?? []));
};
const trivial = () => medianMs(15, () => keptQuery('SELECT 1 AS x'));

try {
  await conn.bigquery.createDataset('jobs');
  const fresh = await trivial();
  console.log(`fresh emulator: a trivial query ${fmt(fresh)}`);
  let held = 15;
  let last = fresh;
  for (const target of [100, 250, 500]) {
    while (held < target) {
      await keptQuery('SELECT x, CONCAT("row ", CAST(x AS STRING)) AS s FROM UNNEST(GENERATE_ARRAY(1, 20)) AS x');
      held++;
    }
    last = await trivial();
    held += 15;
    console.log(`${target} jobs held: a trivial query ${fmt(last)} (${ratio(last, fresh)} of fresh)`);
  }
  const ids = await emulatorJobIds(conn.bigquery);
  const deleteMs = await timeMs(() => forgetEmulatorJobs(conn.bigquery, [...ids]));
  console.log(`deleting the ${ids.size} jobs: ${fmt(deleteMs / ids.size)} each`);
  const after = await trivial();
  console.log(`after deleting them: a trivial query ${fmt(after)} (${ratio(last, after)} faster than with 500 held)`);
  await forgetEmulatorJobs(conn.bigquery, [...(await emulatorJobIds(conn.bigquery))]);
  const viaRunQuery = async () => medianMs(15, () => runQuery(conn, 'SELECT 1 AS x'));
  const first = await viaRunQuery();
  for (let i = 0; i < 500; i++) await runQuery(conn, 'SELECT x FROM UNNEST(GENERATE_ARRAY(1, 20)) AS x');
  const later = await viaRunQuery();
  console.log(
    `runQuery (deletes its job): ${fmt(first)} at first, ${fmt(later)} after 500 more queries (${ratio(later, first)}); jobs held: ${(await emulatorJobIds(conn.bigquery)).size}`,
  );
} finally {
  await emulator.stop();
}
