// Why does each `models run` of a staged rollout take longer? Demo-shaped data (customers with
// history, a canary ramped 25 → 50), each build traced request by request; prints the slowest
// requests of each build. Run: TRACE=/tmp/probe/build npx tsx bench/staged-build-probe.ts

import { readFileSync } from 'node:fs';
import { connect } from '../src/bigquery/connection.js';
import { runDataform } from '../src/dataform/run-dataform.js';
import { seedCanaryTraffic } from '../src/demo/seed-canary-traffic.js';
import { startEmulator } from '../src/emulator/local-emulator.js';
import { releaseLabel } from '../src/releases/release-label.js';
import { startCanary } from '../src/releases/start-canary.js';
import { createAgent, editAgent } from '../src/store/agent-writes.js';
import { initStore } from '../src/store/init-store.js';
import { traceProxy } from './trace-proxy.js';

const emulator = await startEmulator({ projectId: 'probe' });
const raw = connect({ projectId: 'probe', datasetId: 'raw', emulatorHost: emulator.host });
await initStore(raw);
for (const d of ['marts', 'assertions']) await raw.bigquery.dataset(d).create();
const config = { name: 'a', system_prompt: 'x', model: 'gpt-4.1', temperature: 0.2 };
await createAgent(raw, 'a', config, { author: 't', message: 'm' });
await editAgent(raw, 'a', { config: { ...config, temperature: 0.5 } }, { author: 't', message: 'm' });
await releaseLabel(raw, { agentId: 'a', label: 'production', version: 1, author: 't' });
const rate = () => 0.7;
await seedCanaryTraffic(raw, {
  agentId: 'a',
  label: 'production',
  units: 600,
  runsPerUnit: 2,
  unitName: (i) => `c-${i}`,
  since: new Date(Date.now() - 2 * 86400000),
  resolutionRate: rate,
  seed: 1,
});
const build = async (name: string) => {
  const proxy = await traceProxy(emulator.host, `${process.env.TRACE ?? '/tmp/probe/build'}-${name}.tsv`);
  const t = performance.now();
  const r = await runDataform({
    projectId: 'probe',
    emulatorHost: proxy.host,
    dataset: 'marts',
    rawDataset: 'raw',
    assertionDataset: 'assertions',
  });
  proxy.close();
  console.log(`${name}: ${r.ok ? 'ok' : 'FAILED'} in ${((performance.now() - t) / 1000).toFixed(1)} s`);
  const lines = readFileSync(`${process.env.TRACE ?? '/tmp/probe/build'}-${name}.tsv`, 'utf8')
    .trim()
    .split('\n')
    .map((l) => l.split('\t'));
  for (const l of lines.sort((a, b) => Number(b[1]) - Number(a[1])).slice(0, 6))
    console.log(`  ${Number(l[1]).toFixed(0)} ms  ${l[5]?.slice(0, 90)}`);
};
await build('1');
let release = (await startCanary(raw, { agentId: 'a', label: 'production', version: 2, percent: 25, author: 't' })).release;
await seedCanaryTraffic(raw, {
  agentId: 'a',
  label: 'production',
  units: 1200,
  unitName: (i) => `c-${i}`,
  since: new Date(release.createdAt),
  resolutionRate: rate,
  seed: 2,
});
await build('2');
release = (await startCanary(raw, { agentId: 'a', label: 'production', version: 2, percent: 50, author: 't' })).release;
await seedCanaryTraffic(raw, {
  agentId: 'a',
  label: 'production',
  units: 1200,
  unitName: (i) => `c-${600 + i}`,
  since: new Date(release.createdAt),
  resolutionRate: rate,
  seed: 3,
});
await build('3');
await build('4');
await emulator.stop();
