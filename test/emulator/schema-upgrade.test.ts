// `init` on a dataset made by an older agentver: the columns the current declaration adds appear,
// every row stays as it was, reads and writes work, and a second init changes nothing.
import { type Connection, createAgent, editAgent, getLatest, initStore, listHistory, NoChangesError, runQuery } from 'agentver';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadSql } from '../../src/store/load-sql.js';
import { createTestConnection } from './test-connection.js';

let conn: Connection;

// agent_configs as a release without top_p created it: today's DDL minus that column.
const olderDdl = () =>
  loadSql('agent_configs.sql')
    .split('\n')
    .filter((line) => !/^\s*top_p /.test(line))
    .join('\n');

beforeAll(async () => {
  conn = await createTestConnection('upgrade');
  await runQuery(conn, olderDdl());
  await runQuery(conn, loadSql('agent_configs_lock_row.sql'));
  await runQuery(
    conn,
    `INSERT INTO {{dataset}}.agent_configs (agent_id, version, agent_version_id, is_latest, name, description, system_prompt,
       temperature, model, tools, mcp_servers, budgets, policy_overrides, extra, content_hash, author, change_message, request_id, created_at)
     SELECT 'legacy', 1, 'legacy@1', TRUE, 'Legacy', '', 'Be brief.', 0.2, 'gpt-4.1', ['search_kb'],
       [STRUCT('kb' AS name, 'https://kb.example/mcp' AS url)], STRUCT(0.1 AS max_cost_usd_per_task, NULL AS max_llm_calls_per_task, NULL AS max_tokens_per_task),
       JSON '{"pii": "redact"}', JSON '{}', @hash, 'old-release', 'first', 'r1', CURRENT_TIMESTAMP()`,
    { hash: { type: 'STRING', value: 'placeholder' } },
  );
});

describe('init on an older agent_configs', () => {
  it('adds the missing column, keeps every row, and says what it changed', async () => {
    const before = (await runQuery(conn, 'SELECT * EXCEPT (created_at) FROM {{dataset}}.agent_configs ORDER BY version')).rows;
    const result = await initStore(conn, ['agent_configs']);
    expect(result.columnsAdded).toEqual([{ table: 'agent_configs', column: 'top_p', type: 'FLOAT64' }]);
    const after = (await runQuery(conn, 'SELECT * EXCEPT (created_at) FROM {{dataset}}.agent_configs ORDER BY version')).rows;
    expect(after).toEqual(before.map((row) => ({ ...row, top_p: null })));
    expect(await initStore(conn, ['agent_configs'])).toMatchObject({ tablesCreated: [], columnsAdded: [] });
  });

  it('reads the old version with the new field at its default, and writes new versions', async () => {
    const legacy = await getLatest(conn, 'legacy');
    expect(legacy.config).toMatchObject({ top_p: null, temperature: 0.2, tools: ['search_kb'], policy_overrides: { pii: 'redact' } });
    const { record } = await editAgent(conn, 'legacy', { patch: { set: { top_p: 0.9 } } }, { author: 'ann', message: 'nucleus' });
    expect(record).toMatchObject({ version: 2, parentVersion: 1, config: { top_p: 0.9 } });
    await createAgent(conn, 'fresh', { name: 'Fresh', system_prompt: 'p', model: 'm' }, { author: 'ann', message: 'first' });
    expect((await listHistory(conn, 'legacy')).map((version) => version.version)).toEqual([2, 1]);
  });

  it('keeps "no changes" exact: a field left at its default does not change a hash', async () => {
    await expect(editAgent(conn, 'legacy', { patch: { set: { top_p: 0.9 } } }, { author: 'ann', message: 'same' })).rejects.toBeInstanceOf(
      NoChangesError,
    );
  });
});

describe('init on an older task_executions', () => {
  const RELEASE_COLUMNS = ['release_label', 'release_number', 'arm', 'assignment_unit'];
  it('adds the four release columns, keeps its rows, and takes new rows with them', async () => {
    const old = await createTestConnection('upgrade_runs');
    const olderRuns = loadSql('task_executions.sql')
      .split('\n')
      .filter((line) => !RELEASE_COLUMNS.some((name) => line.startsWith(`  ${name} `)))
      .join('\n');
    await runQuery(old, olderRuns);
    await runQuery(
      old,
      `INSERT INTO {{dataset}}.task_executions (execution_id, agent_id, agent_version_id, status, cost_usd, started_at, recorded_at)
       VALUES ('old-1', 'legacy', 'legacy@1', 'succeeded', 0.25, TIMESTAMP '2026-11-01 10:00:00+00', TIMESTAMP '2026-11-01 10:00:05+00'),
              ('old-2', 'legacy', 'legacy@1', @status, NULL, TIMESTAMP '2026-11-02 10:00:00+00', TIMESTAMP '2026-11-02 10:00:05+00')`,
      { status: { type: 'STRING', value: 'failed' } },
    );
    const before = (await runQuery(old, 'SELECT * FROM {{dataset}}.task_executions ORDER BY execution_id')).rows;
    expect(before).toHaveLength(2);
    expect(before[0]).not.toHaveProperty('arm');
    const result = await initStore(old, ['task_executions']);
    expect(result.columnsAdded).toEqual([
      { table: 'task_executions', column: 'release_label', type: 'STRING' },
      { table: 'task_executions', column: 'release_number', type: 'INT64' },
      { table: 'task_executions', column: 'arm', type: 'STRING' },
      { table: 'task_executions', column: 'assignment_unit', type: 'STRING' },
    ]);
    const after = (await runQuery(old, 'SELECT * FROM {{dataset}}.task_executions ORDER BY execution_id')).rows;
    expect(after).toEqual(before.map((row) => ({ ...row, release_label: null, release_number: null, arm: null, assignment_unit: null })));
    await runQuery(
      old,
      `INSERT INTO {{dataset}}.task_executions (execution_id, agent_id, agent_version_id, status, started_at, recorded_at, release_label, release_number, arm, assignment_unit)
       VALUES ('new-1', 'legacy', 'legacy@1', 'succeeded', CURRENT_TIMESTAMP(), CURRENT_TIMESTAMP(), 'production', 3, 'candidate', @unit)`,
      { unit: { type: 'STRING', value: 'ticket-9' } },
    );
    const { rows } = await runQuery(old, "SELECT arm, assignment_unit FROM {{dataset}}.task_executions WHERE execution_id = 'new-1'");
    expect(rows).toEqual([{ arm: 'candidate', assignment_unit: 'ticket-9' }]);
    expect(await initStore(old, ['task_executions'])).toMatchObject({ tablesCreated: [], columnsAdded: [] });
  });
});
