// The emulator writes the rows of every jobs.insert query (a Dataform assertion's count, for one)
// to a dataset and table named after the job, and keeps them: a temp-table script's latency as
// such datasets grow, on one emulator that keeps them and on one where each is dropped as soon as
// its job is created (the rows a client reads come from the job, not from that table).
// Run: npx tsx bench/emulator-results-bench.ts
import { connect } from '../src/bigquery/connection.js';
import { runQuery } from '../src/bigquery/run-query.js';
import { startEmulator } from '../src/emulator/local-emulator.js';
import { fmt, medianMs, ratio } from './bench-kit.js';

const STEPS = [10, 20, 40, 80];

async function measure(drop: boolean): Promise<void> {
  const emulator = await startEmulator({ projectId: 'results' });
  const conn = connect({ projectId: 'results', datasetId: 'results', emulatorHost: emulator.host });
  const temp = () => medianMs(5, () => runQuery(conn, 'CREATE TEMP TABLE t AS SELECT 1 AS x; SELECT 1 AS one'));
  const remove = async (path: string) =>
    (await fetch(`${emulator.host}/bigquery/v2/projects/results/datasets/${path}`, { method: 'DELETE' })).ok;
  try {
    await conn.bigquery.createDataset('results');
    const fresh = await temp();
    console.log(`${drop ? 'dropped as created' : 'kept'}: fresh emulator, a temp-table script ${fmt(fresh)}`);
    let made = 0;
    for (const target of STEPS) {
      while (made < target) {
        const [job] = await conn.bigquery.createQueryJob({ query: 'SELECT x FROM UNNEST(GENERATE_ARRAY(1, 20)) AS x' });
        await job.getQueryResults();
        if (drop && !((await remove(`${job.id}/tables/${job.id}`)) && (await remove(`${job.id}`)))) throw new Error('drop refused');
        made++;
      }
      const ms = await temp();
      console.log(`  after ${target} jobs.insert queries: a temp-table script ${fmt(ms)} (${ratio(ms, fresh)} of fresh)`);
    }
  } catch (error) {
    console.log(
      `  the emulator failed: ${String((error as Error).message)
        .split('\n')[0]
        ?.slice(0, 160)}`,
    );
  } finally {
    await emulator.stop();
  }
}

await measure(false);
await measure(true);
