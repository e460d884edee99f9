// How the emulator's cost grows with what it has run: (1) the median edit latency with one
// table, then after adding datasets of 8 tables each; (2) its memory (RSS) after 100 scripts with
// a temp table (as every write has) against 100 plain INSERTs. Why the Dataform tests and the
// property test get emulators of their own. Run: npx tsx bench/emulator-growth-bench.ts
import { readdirSync, readFileSync } from 'node:fs';
import { connect } from '../src/bigquery/connection.js';
import { param } from '../src/bigquery/query-parameters.js';
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

/** Resident memory of the emulator listening on `port`, in MiB (Linux /proc). */
function emulatorRssMiB(port: string): number {
  for (const pid of readdirSync('/proc').filter((entry) => /^\d+$/.test(entry))) {
    try {
      const argv = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
      if (argv[0]?.endsWith('bigquery-emulator') && argv.includes(`--port=${port}`)) {
        return Number(readFileSync(`/proc/${pid}/status`, 'utf8').match(/VmRSS:\s+(\d+)/)?.[1]) / 1024;
      }
    } catch {
      // the process ended while we looked
    }
  }
  return Number.NaN;
}

for (const [label, sql] of [
  ['100 × INSERT', 'INSERT INTO {{dataset}}.t (k) VALUES (@x)'],
  ['100 × temp table + SELECT', 'CREATE TEMP TABLE plan AS SELECT @x AS x; SELECT x FROM plan WHERE x = @x'],
] as const) {
  const fresh = await startEmulator({ projectId: 'memory' });
  try {
    const conn = connect({ projectId: 'memory', datasetId: 'memory', emulatorHost: fresh.host });
    await conn.bigquery.createDataset('memory');
    await runQuery(conn, 'CREATE TABLE {{dataset}}.t (k STRING)');
    const port = String(fresh.restPort);
    const before = emulatorRssMiB(port);
    for (let i = 0; i < 100; i++) await runQuery(conn, sql, { x: param.string(`v${i}`) });
    const after = emulatorRssMiB(port);
    console.log(
      `${label}: emulator RSS ${before.toFixed(0)} → ${after.toFixed(0)} MiB (${((after - before) / 100).toFixed(1)} MiB per script)`,
    );
  } finally {
    await fresh.stop();
  }
}
