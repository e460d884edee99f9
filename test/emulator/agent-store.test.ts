import {
  AlreadyExistsError,
  blameAgent,
  ConflictError,
  type Connection,
  contentHash,
  createAgent,
  editAgent,
  getLatest,
  getVersion,
  getVersionAt,
  getVersionPair,
  initStore,
  listAgents,
  listHistory,
  NoChangesError,
  NotFoundError,
  param,
  rollbackAgent,
  runQuery,
  ValidationError,
} from 'agentver';
import { beforeAll, describe, expect, it } from 'vitest';
import { createTestConnection } from './test-connection.js';

let conn: Connection;
const who = { author: 'gil@example.com', message: 'test' };
const base = {
  name: 'Support triage',
  description: 'Routes tickets',
  system_prompt: 'You are a support agent.\nBe brief.\nCite the KB.',
  model: 'gpt-4.1',
  temperature: 0.3,
  max_tokens: 1024,
  tools: ['read_tickets', 'search_kb'],
  mcp_servers: [{ name: 'kb', url: 'https://kb.example.com/mcp' }],
  budgets: { max_cost_usd_per_task: 0.5, max_llm_calls_per_task: 12 },
  policy_overrides: { pii: 'redact', escalate_after_minutes: 30 },
  extra: { team: 'support', nested: { a: [1, 2, { b: null }] } },
};

async function rowCount(agentId: string): Promise<number> {
  const { rows } = await runQuery<{ n: number }>(conn, 'SELECT COUNT(*) AS n FROM {{dataset}}.agent_configs WHERE agent_id = @agent_id', {
    agent_id: param.string(agentId),
  });
  return rows[0]?.n ?? 0;
}

beforeAll(async () => {
  conn = await createTestConnection('store');
  await initStore(conn);
});

describe('create', () => {
  it('writes version 1 with the full config, canonical and hashed', async () => {
    const { record, replayed } = await createAgent(conn, 'create_basic', base, who);
    expect(replayed).toBe(false);
    expect(record).toMatchObject({
      agentId: 'create_basic',
      version: 1,
      agentVersionId: 'create_basic@1',
      isLatest: true,
      parentVersion: null,
      rollbackFrom: null,
      rollbackTo: null,
      author: who.author,
      changeMessage: 'test',
    });
    expect(record.config).toEqual({
      ...base,
      top_p: null,
      budgets: { max_cost_usd_per_task: 0.5, max_llm_calls_per_task: 12, max_tokens_per_task: null },
      policy_overrides: { escalate_after_minutes: 30, pii: 'redact' },
    });
    expect(record.contentHash).toBe(contentHash(record.config));
    expect(record.createdAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/);
  });

  it('refuses a second create of the same agent', async () => {
    await createAgent(conn, 'create_twice', base, who);
    await expect(createAgent(conn, 'create_twice', { ...base, name: 'other' }, who)).rejects.toBeInstanceOf(AlreadyExistsError);
    expect(await rowCount('create_twice')).toBe(1);
  });

  it('stores unicode, emoji and SQL-looking strings byte for byte', async () => {
    const prompt = 'Ünïcödé 🎉👩‍💻 中文 \u0000 \'; DROP TABLE agent_configs; -- "quoted" \\backslash\r\n\ttab';
    const { record } = await createAgent(
      conn,
      'create_unicode',
      { ...base, name: "Robert'); DROP TABLE x;--", system_prompt: prompt, extra: { '🔑': 'välue' } },
      who,
    );
    const read = await getLatest(conn, 'create_unicode');
    expect(read.config.system_prompt).toBe(prompt);
    expect(Buffer.from(read.config.system_prompt).equals(Buffer.from(prompt))).toBe(true);
    expect(read.config.name).toBe("Robert'); DROP TABLE x;--");
    expect(read.config.extra).toEqual({ '🔑': 'välue' });
    expect(read.contentHash).toBe(record.contentHash);
  });
});

describe('bad input writes nothing', () => {
  const cases: Array<[string, Record<string, unknown>, RegExp]> = [
    ['temperature out of range', { ...base, temperature: 2.5 }, /temperature: must be between 0 and 2/],
    ['an unknown field', { ...base, temprature: 0.5 }, /temprature: is not a known field/],
    ['a 1 MB prompt', { ...base, system_prompt: 'x'.repeat(1024 * 1024) }, /system_prompt: must be at most 262144 bytes/],
    ['a repeated tool', { ...base, tools: ['a', 'a'] }, /tools: must not repeat a tool/],
    ['a missing model', { ...base, model: undefined }, /model: /],
    ['a negative budget', { ...base, budgets: { max_cost_usd_per_task: -1 } }, /budgets\.max_cost_usd_per_task: must be >= 0/],
  ];
  for (const [label, config, message] of cases) {
    it(`refuses ${label}, naming the field and the rule`, async () => {
      const error = await createAgent(conn, 'bad_input', config as never, who).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ValidationError);
      expect((error as ValidationError).exitCode).toBe(2);
      expect((error as Error).message).toMatch(message);
      expect(await rowCount('bad_input')).toBe(0);
    });
  }

  it('refuses a bad agent id and an empty message', async () => {
    await expect(createAgent(conn, 'Bad Id', base, who)).rejects.toThrow(/agentId: must start with a lowercase letter/);
    await expect(createAgent(conn, 'bad_input', base, { author: 'a', message: '  ' })).rejects.toThrow(/message: must not be empty/);
    expect(await rowCount('bad_input')).toBe(0);
  });
});

describe('edit', () => {
  it('applies a patch on the latest version and flips is_latest', async () => {
    await createAgent(conn, 'edit_patch', base, who);
    const { record } = await editAgent(
      conn,
      'edit_patch',
      {
        patch: {
          set: { temperature: 0.6, 'policy_overrides.pii': 'mask', 'budgets.max_tokens_per_task': 5000 },
          addTools: ['send_email'],
          removeTools: ['read_tickets'],
          unset: ['max_tokens', 'extra.nested'],
        },
      },
      { author: 'ann', message: 'warmer' },
    );
    expect(record).toMatchObject({ version: 2, parentVersion: 1, isLatest: true, author: 'ann', changeMessage: 'warmer' });
    expect(record.config.temperature).toBe(0.6);
    expect(record.config.tools).toEqual(['search_kb', 'send_email']);
    expect(record.config.max_tokens).toBeNull();
    expect(record.config.policy_overrides.pii).toBe('mask');
    expect(record.config.budgets.max_tokens_per_task).toBe(5000);
    expect(record.config.extra).toEqual({ team: 'support' });
    expect((await getVersion(conn, 'edit_patch', 1)).isLatest).toBe(false);
  });

  it('replaces the whole config', async () => {
    await createAgent(conn, 'edit_whole', base, who);
    const { record } = await editAgent(
      conn,
      'edit_whole',
      { config: { name: 'New', system_prompt: 'p', model: 'm' } },
      { ...who, expectedVersion: 1 },
    );
    expect(record.config).toMatchObject({ name: 'New', tools: [], temperature: null, policy_overrides: {} });
  });

  it('raises a typed conflict carrying the current latest version and its author, and writes nothing', async () => {
    await createAgent(conn, 'edit_conflict', base, who);
    await editAgent(conn, 'edit_conflict', { patch: { set: { temperature: 0.5 } } }, { author: 'winner', message: 'first' });
    const error = await editAgent(conn, 'edit_conflict', { config: { ...base, temperature: 0.9 } }, { ...who, expectedVersion: 1 }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ConflictError);
    expect(error).toMatchObject({ code: 'conflict', exitCode: 1, expectedVersion: 1, currentVersion: 2, currentAuthor: 'winner' });
    expect(await rowCount('edit_conflict')).toBe(2);
  });

  it('refuses an edit that changes nothing, unless asked', async () => {
    await createAgent(conn, 'edit_same', base, who);
    await expect(editAgent(conn, 'edit_same', { config: base }, who)).rejects.toBeInstanceOf(NoChangesError);
    await expect(editAgent(conn, 'edit_same', { patch: { set: { temperature: 0.3 } } }, who)).rejects.toBeInstanceOf(NoChangesError);
    const { record } = await editAgent(conn, 'edit_same', { config: base }, { ...who, allowUnchanged: true });
    expect(record.version).toBe(2);
  });

  it('returns the same version when retried with the same request id', async () => {
    await createAgent(conn, 'edit_retry', base, who);
    const first = await editAgent(conn, 'edit_retry', { patch: { set: { temperature: 0.4 } } }, { ...who, requestId: 'req-42' });
    const retry = await editAgent(
      conn,
      'edit_retry',
      { config: { ...base, temperature: 0.4 } },
      { ...who, requestId: 'req-42', expectedVersion: 1 },
    );
    expect(first.replayed).toBe(false);
    expect(retry.replayed).toBe(true);
    expect(retry.record).toEqual(first.record);
    expect(await rowCount('edit_retry')).toBe(2);
  });

  it('says when the agent or the expected version does not exist', async () => {
    await expect(editAgent(conn, 'edit_missing', { config: base }, who)).rejects.toBeInstanceOf(NotFoundError);
    await expect(editAgent(conn, 'edit_missing', { patch: { set: { temperature: 1 } } }, who)).rejects.toBeInstanceOf(NotFoundError);
    expect(await rowCount('edit_missing')).toBe(0);
  });
});

describe('rollback', () => {
  it('appends an exact copy of the target with rollback_from and rollback_to', async () => {
    const v1 = (await createAgent(conn, 'rb_basic', base, who)).record;
    await editAgent(conn, 'rb_basic', { patch: { set: { temperature: 0.9 }, addTools: ['send_email'], systemPrompt: 'new prompt' } }, who);
    const { record } = await rollbackAgent(conn, 'rb_basic', 1, { author: 'oncall', message: 'v2 resolves fewer tickets' });
    expect(record).toMatchObject({
      version: 3,
      parentVersion: 2,
      rollbackFrom: 2,
      rollbackTo: 1,
      isLatest: true,
      author: 'oncall',
      changeMessage: 'v2 resolves fewer tickets',
    });
    expect(record.config).toEqual(v1.config);
    expect(record.contentHash).toBe(v1.contentHash);
    expect((await getVersion(conn, 'rb_basic', 2)).isLatest).toBe(false);
  });

  it('refuses a rollback to the config that is already live, a missing version, and a stale expected version', async () => {
    await createAgent(conn, 'rb_refuse', base, who);
    await editAgent(conn, 'rb_refuse', { patch: { set: { temperature: 1 } } }, who);
    await expect(rollbackAgent(conn, 'rb_refuse', 2, { author: 'a' })).rejects.toBeInstanceOf(NoChangesError);
    await expect(rollbackAgent(conn, 'rb_refuse', 7, { author: 'a' })).rejects.toThrow(/has no version 7 \(latest is 2\)/);
    await expect(rollbackAgent(conn, 'rb_refuse', 1, { author: 'a', expectedVersion: 1 })).rejects.toBeInstanceOf(ConflictError);
    expect(await rowCount('rb_refuse')).toBe(2);
  });
});

describe('reads', () => {
  it('lists history newest first, finds the version live at a time, pairs versions and lists agents', async () => {
    const v1 = (await createAgent(conn, 'reads', base, who)).record;
    const v2 = (await editAgent(conn, 'reads', { patch: { set: { temperature: 0.1 } } }, { author: 'b', message: 'cooler' })).record;
    const history = await listHistory(conn, 'reads');
    expect(history.map((v) => [v.version, v.isLatest, v.changeMessage])).toEqual([
      [2, true, 'cooler'],
      [1, false, 'test'],
    ]);
    expect((await listHistory(conn, 'reads', { limit: 1 })).map((v) => v.version)).toEqual([2]);
    expect((await getVersionAt(conn, 'reads', v2.createdAt)).version).toBe(2);
    expect((await getVersionAt(conn, 'reads', v1.createdAt)).version).toBe(1);
    await expect(getVersionAt(conn, 'reads', 'yesterday')).rejects.toBeInstanceOf(ValidationError);
    await expect(getVersionAt(conn, 'reads', new Date('2000-01-01T00:00:00Z'))).rejects.toThrow(/did not exist yet/);
    const [a, b] = await getVersionPair(conn, 'reads', 1, 2);
    expect([a.version, b.version]).toEqual([1, 2]);
    await expect(getVersionPair(conn, 'reads', 1, 3)).rejects.toThrow(/has no version 3/);
    await expect(getLatest(conn, 'nobody')).rejects.toBeInstanceOf(NotFoundError);
    expect((await listAgents(conn)).find((agent) => agent.agentId === 'reads')).toMatchObject({ latestVersion: 2, name: 'Support triage' });
    expect((await listAgents(conn)).some((agent) => agent.agentId === '')).toBe(false);
  });

  it('blames each field on the version that last changed it', async () => {
    await createAgent(conn, 'blame', base, { author: 'gil', message: 'first' });
    await editAgent(conn, 'blame', { patch: { set: { temperature: 0.6 } } }, { author: 'ann', message: 'warmer' });
    await editAgent(conn, 'blame', { patch: { set: { model: 'gpt-5' } } }, { author: 'bob', message: 'new model' });
    await rollbackAgent(conn, 'blame', 2, { author: 'oncall' });
    const blame = await blameAgent(conn, 'blame');
    const byField = Object.fromEntries(blame.map((change) => [change.field, [change.version, change.author]]));
    expect(byField).toMatchObject({ name: [1, 'gil'], temperature: [2, 'ann'], model: [4, 'oncall'], tools: [1, 'gil'] });
    expect(blame).toHaveLength(12);
    expect((await blameAgent(conn, 'blame', 'model')).map((change) => change.version)).toEqual([4, 3, 1]);
    await expect(blameAgent(conn, 'blame', 'temprature')).rejects.toBeInstanceOf(ValidationError);
  });
});
