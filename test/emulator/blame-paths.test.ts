// blame takes the dotted paths edit --set and diff use: a budget, a policy key, a nested extra key.
import { blameAgent, type Connection, createAgent, editAgent, initStore, ValidationError } from 'agentver';
import { beforeAll, expect, it } from 'vitest';
import { createTestConnection } from './test-connection.js';

let conn: Connection;
const who = (author: string, message: string) => ({ author, message });

beforeAll(async () => {
  conn = await createTestConnection('blame_paths');
  await initStore(conn, ['agent_configs']);
  await createAgent(
    conn,
    'paths',
    { name: 'P', system_prompt: 'p', model: 'm', budgets: { max_cost_usd_per_task: 0.1 } },
    who('ann', 'v1'),
  );
  await editAgent(conn, 'paths', { patch: { set: { 'budgets.max_tokens_per_task': 900 } } }, who('bob', 'v2 tokens'));
  await editAgent(
    conn,
    'paths',
    { patch: { set: { 'budgets.max_cost_usd_per_task': 0.2, 'extra.team.name': 'support' } } },
    who('cid', 'v3 cost'),
  );
  await editAgent(conn, 'paths', { patch: { set: { 'extra.team.size': 4 } } }, who('dee', 'v4 size'));
  await editAgent(conn, 'paths', { patch: { set: { 'extra.team.name': 'care' } } }, who('eve', 'v5 rename'));
});

it('finds the versions that changed one budget, not every budget change', async () => {
  const changes = await blameAgent(conn, 'paths', 'budgets.max_cost_usd_per_task');
  expect(changes.map((change) => [change.field, change.version, change.author])).toEqual([
    ['budgets.max_cost_usd_per_task', 3, 'cid'],
    ['budgets.max_cost_usd_per_task', 1, 'ann'],
  ]);
  expect((await blameAgent(conn, 'paths', 'budgets')).map((change) => change.version)).toEqual([3, 2, 1]);
});

it('reaches nested keys of a JSON field', async () => {
  expect((await blameAgent(conn, 'paths', 'extra.team.name')).map((change) => change.version)).toEqual([5, 3, 1]);
  expect((await blameAgent(conn, 'paths', 'extra.team.size')).map((change) => change.version)).toEqual([4, 1]);
  expect((await blameAgent(conn, 'paths', 'extra.team')).map((change) => change.version)).toEqual([5, 4, 3, 1]);
});

it('refuses a path into a field without sub-fields, naming the rule', async () => {
  await expect(blameAgent(conn, 'paths', 'temperature.x')).rejects.toBeInstanceOf(ValidationError);
  await expect(blameAgent(conn, 'paths', 'temperature.x')).rejects.toThrow(/temperature has no sub-fields/);
  await expect(blameAgent(conn, 'paths', 'nope')).rejects.toThrow(/must be one of/);
});
