// An ingest whose emulator dies part way: it stops within the retry budget with one summary and
// exit code 3, and sending the same file again to the restarted emulator loses nothing.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { expect, it } from 'vitest';
import { connect } from '../../src/bigquery/connection.js';
import { runQuery } from '../../src/bigquery/run-query.js';
import type { CliIo } from '../../src/cli/io.js';
import { runCli } from '../../src/cli/program.js';
import { type LocalEmulator, startEmulator } from '../../src/emulator/local-emulator.js';
import { createAgent } from '../../src/store/agent-writes.js';
import { initStore } from '../../src/store/init-store.js';

const ROWS = 6000;
const KILL_AT = 2000;

const line = (i: number) =>
  JSON.stringify({
    execution_id: `run-${i}`,
    agent_id: 'triage',
    agent_version_id: 'triage@1',
    status: 'succeeded',
    started_at: '2026-11-20T10:00:00Z',
  });

/** The CLI in-process, reading stdin from `lines`; returns its exit code and what it printed. */
async function ingest(host: string, lines: AsyncIterable<string> | Iterable<string>) {
  let stdout = '';
  let stderr = '';
  const io: CliIo = {
    stdout: (text) => {
      stdout += `${text}\n`;
    },
    stderr: (text) => {
      stderr += `${text}\n`;
    },
    readStdin: async () => new Uint8Array(),
    openStdin: () => Readable.from(lines),
    isInteractive: false,
    confirm: async () => false,
    env: {},
    cwd: tmpdir(),
  };
  const code = await runCli(['ingest', 'task_executions', '--emulator-host', host, '--project', 'ingest', '--format', 'table'], io);
  return { code, stdout, stderr };
}

it('stops with one summary when the emulator dies mid-ingest, and a rerun of the same file is safe', async () => {
  const databasePath = join(mkdtempSync(join(tmpdir(), 'agentver-ingest-kill-')), 'emulator.db');
  let emulator: LocalEmulator = await startEmulator({ projectId: 'ingest', databasePath });
  try {
    const conn = () => connect({ projectId: 'ingest', datasetId: 'agentver', emulatorHost: emulator.host });
    await initStore(conn());
    await createAgent(conn(), 'triage', { name: 'T', system_prompt: 'p', model: 'm' }, { author: 'a', message: 'v1' });

    const dying = emulator;
    async function* killedPartWay() {
      for (let i = 1; i <= ROWS; i++) {
        if (i === KILL_AT) await dying.stop();
        yield `${line(i)}\n`;
      }
    }
    const stopped = await ingest(emulator.host, killedPartWay());
    expect(stopped.code).toBe(3);
    expect(stopped.stdout).toBe('');
    const summary = stopped.stderr.trim().split('\n');
    expect(summary.length).toBeLessThanOrEqual(3); // message, its second line, hint: not one line per row
    expect(summary[0]).toMatch(/^error: ingest stopped, BigQuery failed: .*ECONNREFUSED/);
    const counts = summary[1]?.match(
      /^([\d,]+) rows written, ([\d,]+) read but not written; reading stopped at line ([\d,]+), the first line not written is ([\d,]+)$/,
    );
    expect(counts).not.toBeNull();
    const [written = 0, notWritten = 0, stoppedAt = 0, firstNotWritten = 0] = (counts ?? [])
      .slice(1)
      .map((n) => Number(n.replace(/,/g, '')));
    expect(written).toBeLessThan(KILL_AT);
    expect(notWritten).toBeGreaterThan(0);
    expect(stoppedAt).toBeLessThan(ROWS);
    expect(firstNotWritten).toBeLessThanOrEqual(written + 1);
    expect(summary[2]).toContain('hint: Once BigQuery answers again, rerun agentver ingest task_executions --file <the same file>');

    emulator = await startEmulator({ projectId: 'ingest', databasePath });
    const { rows: before } = await runQuery<{ n: number }>(conn(), 'SELECT COUNT(*) AS n FROM {{dataset}}.task_executions');
    expect(before[0]?.n).toBe(written);

    const rerun = await ingest(
      emulator.host,
      Array.from({ length: ROWS }, (_, i) => `${line(i + 1)}\n`),
    );
    expect(rerun.code).toBe(0);
    // The emulator ignores insertIds, so the rows written twice are there twice, with the same ids:
    // the staging models keep one row per id. Every id is there.
    const { rows } = await runQuery<{ n: number; ids: number }>(
      conn(),
      'SELECT COUNT(*) AS n, COUNT(DISTINCT execution_id) AS ids FROM {{dataset}}.task_executions',
    );
    expect(rows[0]).toEqual({ n: ROWS + written, ids: ROWS });
  } finally {
    await emulator.stop();
  }
}, 120_000);
