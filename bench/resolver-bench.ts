// The resolver on a cache hit: resolve(agent, { label, unit }) (a release, a canary with a unit,
// a canary without one) against today's cached resolve(agent), measured in one run, interleaved.
// Target: a label hit within 2× of a latest hit.
// Run: npx tsx bench/resolver-bench.ts      (emulator; the hits never query, so the backend only seeds)
import { AgentResolver, type ResolveOptions } from '../src/runtime/agent-resolver.js';
import { createAgent, editAgent } from '../src/store/agent-writes.js';
import { initStore } from '../src/store/init-store.js';
import { writeLabelState } from '../test/emulator/release-fixtures.js';
import { openTarget } from './bench-kit.js';

const CALLS = 200_000;
const ROUNDS = 5;

const target = await openTarget('resolver');
const conn = target.connection;
try {
  await initStore(conn, ['agent_configs', 'agent_releases']);
  await createAgent(conn, 'bench', { name: 'B', system_prompt: 'p', model: 'm', temperature: 0.1 }, { author: 'a', message: 'v1' });
  await editAgent(conn, 'bench', { patch: { set: { temperature: 0.5 } } }, { author: 'a', message: 'v2' });
  await writeLabelState(conn, 'bench', 'stable', { kind: 'release', version: 1 });
  await writeLabelState(conn, 'bench', 'production', {
    kind: 'canary',
    version: 1,
    candidate_version: 2,
    candidate_percent: 10,
    assignment_salt: 'bench-salt',
  });
  const resolver = new AgentResolver(conn, { ttlMs: 60 * 60_000, maxStalenessMs: 2 * 60 * 60_000 });
  const units = Array.from({ length: CALLS }, (_, i) => `ticket-${i}`);
  const cases: Record<string, (i: number) => ResolveOptions | undefined> = {
    'resolve(agent) (latest, today)': () => undefined,
    "resolve(agent, { label: 'stable' }) (a release)": () => ({ label: 'stable' }),
    "resolve(agent, { label: 'production', unit }) (a canary, a new unit each call)": (i) => ({ label: 'production', unit: units[i] }),
    "resolve(agent, { label: 'production' }) (a canary, random)": () => ({ label: 'production' }),
  };
  for (const make of Object.values(cases)) await resolver.resolve('bench', make(0)); // fill the caches
  const perCall: Record<string, number[]> = Object.fromEntries(Object.keys(cases).map((name) => [name, []]));
  let notCached = 0;
  for (let round = 0; round < ROUNDS; round++) {
    for (const [name, make] of Object.entries(cases)) {
      const started = performance.now();
      for (let i = 0; i < CALLS; i++) if ((await resolver.resolve('bench', make(i))).source !== 'cache') notCached++;
      perCall[name]?.push(((performance.now() - started) * 1000) / CALLS);
    }
  }
  const best = (name: string) => Math.min(...(perCall[name] as number[]));
  const baseline = best('resolve(agent) (latest, today)');
  console.log(
    `node ${process.version}; ${CALLS} calls a case, ${ROUNDS} interleaved rounds, best round; ${notCached} calls not from cache`,
  );
  for (const name of Object.keys(cases)) {
    console.log(`${name}: ${best(name).toFixed(2)} µs/call = ${(best(name) / baseline).toFixed(2)}× latest`);
  }
} finally {
  await target.close();
}
