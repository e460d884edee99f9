import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import {
  AgentResolver,
  type Connection,
  connect,
  createAgent,
  editAgent,
  ingestNdjson,
  initStore,
  runQuery,
  startEmulator,
  TelemetryRecorder,
  ValidationError,
} from 'agentver';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCliCaptured } from './cli-harness.js';
import { createTestConnection } from './test-connection.js';

let conn: Connection;

const execution = (id: string, extra: Record<string, unknown> = {}) => ({
  execution_id: id,
  agent_id: 'triage',
  agent_version_id: 'triage@1',
  status: 'succeeded' as const,
  resolution: 'resolved' as const,
  cost_usd: 0.01,
  started_at: '2026-11-20T10:00:00Z',
  ...extra,
});

/**
 * Sees every insertAll batch the recorder sends (the rows still go to the emulator), and can fail
 * one attempt the way a dropped connection does. Returns a function that restores the client.
 */
function observeInserts(batches: string[][], failAttempt?: number): () => void {
  const dataset = conn.bigquery.dataset(conn.datasetId);
  conn.bigquery.dataset = (() => ({
    table: (name: string) => ({
      insert: (rows: Array<{ insertId: string }>, options: unknown) => {
        batches.push(rows.map((row) => row.insertId));
        if (batches.length === failAttempt) return Promise.reject(Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }));
        return dataset.table(name).insert(rows as never, options as never);
      },
    }),
  })) as never;
  return () => {
    delete (conn.bigquery as { dataset?: unknown }).dataset;
  };
}

async function count(table: string, where = 'TRUE'): Promise<number> {
  const { rows } = await runQuery<{ n: number }>(conn, `SELECT COUNT(*) AS n FROM {{dataset}}.${table} WHERE ${where}`);
  return rows[0]?.n ?? 0;
}

beforeAll(async () => {
  conn = await createTestConnection('telemetry');
  await initStore(conn);
  await createAgent(conn, 'triage', { name: 'T', system_prompt: 'p', model: 'm' }, { author: 'a', message: 'v1' });
});

describe('TelemetryRecorder', () => {
  it('batches by size, keeps ids as insertIds and writes every row', async () => {
    const recorder = new TelemetryRecorder(conn, { maxBatchRows: 3, flushIntervalMs: 60_000, flushOnExit: false });
    const batches: string[][] = [];
    const restore = observeInserts(batches);
    try {
      for (let i = 0; i < 7; i++) recorder.recordExecution(execution(`batch-${i}`, { attributes: { channel: 'email', i } }));
      const result = await recorder.close();
      expect(result).toEqual({ inserted: 7, rejected: [], failed: [] });
      expect(batches).toEqual([['batch-0', 'batch-1', 'batch-2'], ['batch-3', 'batch-4', 'batch-5'], ['batch-6']]);
    } finally {
      restore();
    }
    expect(await count('task_executions', "STARTS_WITH(execution_id, 'batch-')")).toBe(7);
    const { rows } = await runQuery(
      conn,
      "SELECT JSON_VALUE(attributes, '$.channel') AS channel, recorded_at FROM {{dataset}}.task_executions WHERE execution_id = 'batch-6'",
    );
    expect(rows[0]).toMatchObject({ channel: 'email', recorded_at: expect.stringMatching(/^20\d\d-/) });
  });

  it('flushes on a timer without being asked', async () => {
    const recorder = new TelemetryRecorder(conn, { flushIntervalMs: 20, flushOnExit: false });
    recorder.recordLlmCall({
      call_id: 'timer-1',
      execution_id: 'x',
      agent_id: 'triage',
      agent_version_id: 'triage@1',
      status: 'ok',
      started_at: new Date(),
    });
    await expect.poll(() => count('llm_calls', "call_id = 'timer-1'"), { timeout: 5000 }).toBe(1);
    await recorder.close();
  });

  it('refuses a bad row at once, naming the field', () => {
    const recorder = new TelemetryRecorder(conn, { flushOnExit: false });
    expect(() =>
      recorder.recordGrade({
        grade_id: 'g',
        execution_id: 'x',
        agent_id: 'triage',
        agent_version_id: 'other@1',
        grader_type: 'human',
        metric: 'quality',
        graded_at: 'now',
      }),
    ).toThrow(ValidationError);
    expect(() => recorder.recordExecution(execution('bad', { status: 'done' }))).toThrow(
      /status: must be succeeded, failed, timed_out or cancelled/,
    );
    expect(() => recorder.recordExecution(execution('bad', { agent_version_id: 'triage@1', agent_id: 'sales' }))).toThrow(
      /agent_version_id: must belong to agent_id sales/,
    );
  });

  it('returns the rows it could not write, with the reason, instead of dropping them', async () => {
    const missing = connect({ projectId: conn.projectId, datasetId: `${conn.datasetId}_nope`, emulatorHost: conn.emulatorHost });
    const recorder = new TelemetryRecorder(missing, { flushOnExit: false, maxAttempts: 1 });
    recorder.recordExecution(execution('lost-1'));
    recorder.recordExecution(execution('lost-2'));
    const result = await recorder.close();
    expect(result.inserted).toBe(0);
    expect(result.rejected).toEqual([]);
    expect(result.failed.map((failed) => failed.row.execution_id)).toEqual(['lost-1', 'lost-2']);
    expect(result.failed[0]?.reason).toMatch(/not ?found|does not exist/i);
  });

  it('retries a transient failure with the same insertIds', async () => {
    const recorder = new TelemetryRecorder(conn, { flushOnExit: false, maxAttempts: 3 });
    const sent: string[][] = [];
    const restore = observeInserts(sent, 1);
    try {
      recorder.recordExecution(execution('retry-1'));
      expect(await recorder.close()).toEqual({ inserted: 1, rejected: [], failed: [] });
    } finally {
      restore();
    }
    expect(sent).toEqual([['retry-1'], ['retry-1']]);
    expect(await count('task_executions', "execution_id = 'retry-1'")).toBe(1);
  });
});

describe('ingest', () => {
  it('writes the good lines and reports the bad ones by number', async () => {
    const lines = [
      JSON.stringify(execution('ing-1')),
      '{not json',
      JSON.stringify(execution('ing-2', { status: 'exploded' })),
      '',
      JSON.stringify(execution('ing-3')),
      '[1, 2]',
      JSON.stringify(execution('ing-4', { agent_version_id: 'triage@99' })),
    ];
    const result = await ingestNdjson(conn, 'task_executions', Readable.from(lines), { maxBatchRows: 2 });
    expect(result).toMatchObject({ linesRead: 7, queued: 2, inserted: 2, badLines: 4, rejected: [] });
    expect(result.badLineDetails.map((bad) => bad.line)).toEqual([2, 3, 6, 7]);
    expect(result.badLineDetails[3]?.reason).toBe('agent_version_id: triage@99 is not a version in agent_configs');
    expect(result.badLineDetails[1]?.reason).toMatch(/status: must be/);
    expect(await count('task_executions', "STARTS_WITH(execution_id, 'ing-')")).toBe(2);
  });

  it('is a CLI command with exit code 2 when a line is bad', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'agentver-ingest-'));
    writeFileSync(join(dir, 'rows.ndjson'), `${JSON.stringify(execution('cli-1'))}\n${JSON.stringify(execution('cli-2'))}\n`);
    const target = ['--emulator-host', conn.emulatorHost as string, '--project', conn.projectId, '--dataset', conn.datasetId];
    const fromFile = await runCliCaptured(['ingest', 'task_executions', '--file', 'rows.ndjson', '--format', 'json', ...target], {
      cwd: dir,
    });
    expect(fromFile.code).toBe(0);
    expect(fromFile.json()).toMatchObject({ table: 'task_executions', inserted: 2, badLines: 0 });
    const fromStdin = await runCliCaptured(['ingest', 'task_executions', ...target], {
      cwd: dir,
      stdin: `${JSON.stringify(execution('cli-3'))}
nope
`,
    });
    expect(fromStdin.code).toBe(2);
    expect(fromStdin.stdout).toContain('line 2: not JSON');
    expect(await count('task_executions', "STARTS_WITH(execution_id, 'cli-')")).toBe(3);
    expect((await runCliCaptured(['ingest', 'nope', ...target], { cwd: dir })).code).toBe(2);
  });
});

describe('AgentResolver', () => {
  it('serves a new version within its TTL after an edit, and the last good one while BigQuery is down', async () => {
    // A private emulator, so the test can take BigQuery away.
    const emulator = await startEmulator({ projectId: 'resolver' });
    const private_ = connect({ projectId: 'resolver', datasetId: 'resolver', emulatorHost: emulator.host });
    try {
      await initStore(private_, ['agent_configs']);
      await createAgent(
        private_,
        'triage',
        { name: 'T', system_prompt: 'p', model: 'm', temperature: 0.1 },
        { author: 'a', message: 'v1' },
      );
      let clock = 1_000_000;
      const resolver = new AgentResolver(private_, { ttlMs: 30_000, maxStalenessMs: 300_000, refreshTimeoutMs: 1000, now: () => clock });

      expect(await resolver.resolve('triage')).toMatchObject({ agentVersionId: 'triage@1', source: 'bigquery', ageMs: 0 });
      await editAgent(private_, 'triage', { patch: { set: { temperature: 0.9 } } }, { author: 'a', message: 'v2' });
      clock += 10_000;
      expect(await resolver.resolve('triage')).toMatchObject({ agentVersionId: 'triage@1', source: 'cache', ageMs: 10_000 });
      clock += 20_000; // the TTL has passed: the edit is visible
      expect(await resolver.resolve('triage')).toMatchObject({
        agentVersionId: 'triage@2',
        source: 'bigquery',
        config: { temperature: 0.9 },
      });

      const [a, b] = await Promise.all([resolver.resolve('triage'), resolver.resolve('triage')]);
      expect(a.agentVersionId).toBe(b.agentVersionId);

      await emulator.stop();
      clock += 60_000;
      const stale = await resolver.resolve('triage');
      expect(stale).toMatchObject({ agentVersionId: 'triage@2', source: 'stale', ageMs: 60_000 });
      expect(stale.refreshError).toBeTruthy();
      clock += 300_000; // past the staleness bound: refuse rather than serve a config of unknown age
      await expect(resolver.resolve('triage')).rejects.toThrow(/cannot resolve triage: BigQuery failed/);
    } finally {
      await emulator.stop();
    }
  });
});
