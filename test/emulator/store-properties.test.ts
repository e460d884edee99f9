// Random sequences of edits and rollbacks against the emulator, checked against a model: the
// list of configs the history should hold. 4 runs × 50 operations = 200 writes.

import {
  type AgentConfig,
  connect,
  contentHash,
  createAgent,
  editAgent,
  getVersion,
  initStore,
  NoChangesError,
  param,
  rollbackAgent,
  runQuery,
  startEmulator,
} from 'agentver';
import fc from 'fast-check';
import { expect, it } from 'vitest';

type Operation = { kind: 'edit'; temperature: number; tool: string; prompt: string | undefined } | { kind: 'rollback'; pick: number };

const operation: fc.Arbitrary<Operation> = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('edit' as const),
      temperature: fc.integer({ min: 0, max: 20 }).map((tenths) => tenths / 10),
      tool: fc.constantFrom('search_kb', 'send_email', 'read_tickets', 'refund'),
      prompt: fc.option(fc.string({ unit: 'grapheme', maxLength: 40 }), { nil: undefined }),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('rollback' as const), pick: fc.nat() }) },
);

let run = 0;

interface Row {
  version: number;
  is_latest: boolean;
  parent_version: number | null;
  rollback_from: number | null;
  rollback_to: number | null;
  content_hash: string;
}

it('keeps versions gapless, one latest, parents chained, rollbacks exact and history equal to the operations', async () => {
  await fc.assert(
    fc.asyncProperty(fc.array(operation, { minLength: 50, maxLength: 50 }), async (operations) => {
      // A fresh emulator per run: the emulator keeps ~19 MB for every script with a temp table
      // (each write has one; bench/emulator-growth-bench.ts) and its SQL engine fails near 4 GB.
      const emulator = await startEmulator({ projectId: 'properties' });
      const conn = connect({ projectId: emulator.projectId, datasetId: 'properties', emulatorHost: emulator.host });
      try {
        await initStore(conn, ['agent_configs']);
        const agentId = `prop_${run++}`;
        const first = await createAgent(
          conn,
          agentId,
          { name: 'P', system_prompt: 'start', model: 'm', temperature: 1, tools: ['search_kb'] },
          { author: 'p', message: 'v1' },
        );
        const model: AgentConfig[] = [first.record.config];
        const rollbacks = new Map<number, number>();
        for (const op of operations) {
          const latest = model[model.length - 1] as AgentConfig;
          try {
            if (op.kind === 'edit') {
              const toggle = latest.tools.includes(op.tool) ? { removeTools: [op.tool] } : { addTools: [op.tool] };
              const patch = {
                set: { temperature: op.temperature },
                ...toggle,
                ...(op.prompt === undefined ? {} : { systemPrompt: op.prompt }),
              };
              const { record } = await editAgent(conn, agentId, { patch }, { author: 'p', message: 'edit', expectedVersion: model.length });
              model.push(record.config);
            } else {
              const target = (op.pick % model.length) + 1;
              const { record } = await rollbackAgent(conn, agentId, target, { author: 'p', expectedVersion: model.length });
              rollbacks.set(record.version, target);
              model.push(model[target - 1] as AgentConfig);
            }
          } catch (error) {
            // Only a rollback to the config already live is refused (every edit toggles a tool).
            expect(error).toBeInstanceOf(NoChangesError);
            expect(op.kind).toBe('rollback');
          }
        }

        const { rows } = await runQuery<Row & Record<string, unknown>>(
          conn,
          'SELECT version, is_latest, parent_version, rollback_from, rollback_to, content_hash FROM {{dataset}}.agent_configs WHERE agent_id = @agent_id ORDER BY version',
          { agent_id: param.string(agentId) },
        );
        expect(rows.map((row) => row.version)).toEqual(model.map((_, index) => index + 1));
        expect(rows.filter((row) => row.is_latest).map((row) => row.version)).toEqual([model.length]);
        for (const row of rows) {
          expect(row.parent_version).toBe(row.version === 1 ? null : row.version - 1);
          expect(row.content_hash).toBe(contentHash(model[row.version - 1] as AgentConfig));
          const target = rollbacks.get(row.version);
          expect(row.rollback_to).toBe(target ?? null);
          expect(row.rollback_from).toBe(target === undefined ? null : row.version - 1);
          if (target !== undefined) expect(row.content_hash).toBe(rows[target - 1]?.content_hash);
        }
        const last = await getVersion(conn, agentId, model.length);
        expect(last.config).toEqual(model[model.length - 1]);
      } finally {
        await emulator.stop();
      }
    }),
    { numRuns: 4, seed: 20261128, endOnFailure: true },
  );
}, 300_000);
