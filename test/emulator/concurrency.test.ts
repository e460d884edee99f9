import { ConflictError, type Connection, createAgent, editAgent, initStore, listHistory, param, runQuery } from 'agentver';
import { beforeAll, expect, it } from 'vitest';
import { createTestConnection } from './test-connection.js';

let conn: Connection;
const base = { name: 'Race', system_prompt: 'p', model: 'm', temperature: 0.1 };

beforeAll(async () => {
  conn = await createTestConnection('concurrency');
  await initStore(conn, ['agent_configs']);
});

// The emulator serializes requests, so this shows the guard's logic under interleaving, not
// BigQuery's conflict detection; docs/concurrency.md argues the real-BigQuery case.
it('20 clients editing from the same expected version: one wins, 19 conflict, nothing lost or duplicated', async () => {
  await createAgent(conn, 'race', base, { author: 'creator', message: 'v1' });
  const outcomes = await Promise.allSettled(
    Array.from({ length: 20 }, (_, client) =>
      editAgent(
        conn,
        'race',
        { config: { ...base, temperature: 0.01 * (client + 20) } },
        { author: `client-${client}`, message: `edit ${client}`, expectedVersion: 1, requestId: `race-${client}` },
      ),
    ),
  );
  const winners = outcomes.flatMap((outcome) => (outcome.status === 'fulfilled' ? [outcome.value] : []));
  const losers = outcomes.flatMap((outcome) => (outcome.status === 'rejected' ? [outcome.reason] : []));
  expect(winners).toHaveLength(1);
  expect(losers).toHaveLength(19);
  for (const loser of losers) {
    expect(loser).toBeInstanceOf(ConflictError);
    expect(loser).toMatchObject({ currentVersion: 2, currentAuthor: winners[0]?.record.author });
  }
  const history = await listHistory(conn, 'race');
  expect(history.map((version) => [version.version, version.isLatest])).toEqual([
    [2, true],
    [1, false],
  ]);

  // The winner retrying its request gets its version back; a loser retrying still conflicts.
  const winnerClient = Number(winners[0]?.record.requestId.replace('race-', ''));
  const retry = await editAgent(
    conn,
    'race',
    { config: { ...base, temperature: 0.01 * (winnerClient + 20) } },
    { author: 'x', message: 'retry', expectedVersion: 1, requestId: `race-${winnerClient}` },
  );
  expect(retry).toMatchObject({ replayed: true, record: { version: 2 } });
  const { rows } = await runQuery<{ n: number }>(conn, 'SELECT COUNT(*) AS n FROM {{dataset}}.agent_configs WHERE agent_id = @agent_id', {
    agent_id: param.string('race'),
  });
  expect(rows[0]?.n).toBe(2);
});

it('two concurrent creators of one agent: one version 1', async () => {
  const outcomes = await Promise.allSettled(
    ['a', 'b'].map((who) => createAgent(conn, 'race_create', { ...base, name: who }, { author: who, message: 'create' })),
  );
  expect(outcomes.filter((outcome) => outcome.status === 'fulfilled')).toHaveLength(1);
  expect((await listHistory(conn, 'race_create')).map((version) => version.version)).toEqual([1]);
});
