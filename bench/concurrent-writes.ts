// 20 edits from the same expected version at once. On the emulator (default) requests are
// serialized; with --project <id> this exercises BigQuery's own DML conflict handling, which the
// emulator cannot: the expected outcome is the same, exactly one new version.
// Run: npx tsx bench/concurrent-writes.ts [--project <id>]
import { ConflictError } from '../src/errors/conflict-error.js';
import { createAgent, editAgent } from '../src/store/agent-writes.js';
import { initStore } from '../src/store/init-store.js';
import { listHistory } from '../src/store/read-versions.js';
import { openTarget } from './bench-kit.js';

const CLIENTS = 20;
const target = await openTarget('concurrent');
try {
  await initStore(target.connection, ['agent_configs']);
  const base = { name: 'Race', system_prompt: 'p', model: 'm', temperature: 0 };
  const creators = await Promise.allSettled(
    ['a', 'b', 'c'].map((who) => createAgent(target.connection, 'race', { ...base, name: who }, { author: who, message: 'create' })),
  );
  const started = performance.now();
  const edits = await Promise.allSettled(
    Array.from({ length: CLIENTS }, (_, i) =>
      editAgent(
        target.connection,
        'race',
        { config: { ...base, temperature: (i + 1) / 100 } },
        { author: `client-${i}`, message: 'race', expectedVersion: 1 },
      ),
    ),
  );
  const elapsed = performance.now() - started;
  const history = await listHistory(target.connection, 'race');
  const conflicts = edits.filter((edit) => edit.status === 'rejected' && edit.reason instanceof ConflictError).length;
  const otherErrors = edits.filter((edit) => edit.status === 'rejected' && !(edit.reason instanceof ConflictError));
  console.log(`backend: ${target.emulator ? 'emulator' : 'BigQuery'}`);
  console.log(`concurrent creators: ${creators.filter((c) => c.status === 'fulfilled').length} of 3 succeeded`);
  console.log(
    `edits: ${edits.filter((edit) => edit.status === 'fulfilled').length} won, ${conflicts} conflicts, ${otherErrors.length} other errors, in ${elapsed.toFixed(0)} ms`,
  );
  for (const error of otherErrors) console.log(`  other: ${(error as PromiseRejectedResult).reason}`);
  console.log(
    `versions: ${history.map((version) => version.version).join(', ')} (latest: ${history.filter((version) => version.isLatest).map((version) => version.version)})`,
  );
} finally {
  await target.close();
}
