// How the emulator's cost per request grows with the tables it holds: the median edit latency
// with one dataset, then after adding datasets of 8 tables each. Why the Dataform tests get
// emulators of their own. Run: npx tsx bench/emulator-growth-bench.ts
import { connect } from '../src/bigquery/connection.js';
import { runQuery } from '../src/bigquery/run-query.js';
import { startEmulator } from '../src/emulator/local-emulator.js';
import { createAgent, editAgent } from '../src/store/agent-writes.js';
import { initStore } from '../src/store/init-store.js';
import { fmt, medianMs, ratio } from './bench-kit.js';

const emulator = await startEmulator({ projectId: 'growth' });
const dataset = (id: string) => connect({ projectId: 'growth', datasetId: id, emulatorHost: emulator.host });
try {
  const main = dataset('main');
  await initStore(main, ['agent_configs']);
  const base = { name: 'a', system_prompt: 'p', model: 'm', temperature: 0 };
  await createAgent(main, 'a', base, { author: 'bench', message: 'v1' });
  let version = 1;
  const editLatency = () =>
    medianMs(5, async () => {
      await editAgent(
        main,
        'a',
        { config: { ...base, temperature: (version + 1) / 1000 } },
        { author: 'bench', message: 'edit', expectedVersion: version },
      );
      version++;
    });
  let tables = 1;
  const unit = await editLatency();
  console.log(`edit, ${tables} table: ${fmt(unit)}`);
  for (const datasets of [10, 20]) {
    for (let i = 0; i < 10; i++) {
      const extra = dataset(`extra_${datasets}_${i}`);
      await extra.bigquery.createDataset(extra.datasetId);
      for (let t = 0; t < 8; t++) await runQuery(extra, `CREATE TABLE {{dataset}}.t${t} (x STRING, y INT64)`);
      tables += 8;
    }
    const ms = await editLatency();
    console.log(`edit, ${tables} tables in ${datasets + 1} datasets: ${fmt(ms)} = ${ratio(ms, unit)} the one-table edit`);
  }
} finally {
  await emulator.stop();
}
