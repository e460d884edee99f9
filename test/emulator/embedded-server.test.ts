// The embedded server in-process (src/cli/serve-embedded.ts, embedded-server.ts): requests keep
// working while its emulator is renewed, a client revives a server that was killed, the store
// check runs once per server, and a server on another machine sharing the folder is waited for
// and named.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { connect } from '../../src/bigquery/connection.js';
import { runQuery } from '../../src/bigquery/run-query.js';
import { DataDirBusyError } from '../../src/cli/data-dir-lock.js';
import { attachEmbeddedServer } from '../../src/cli/embedded-server.js';
import { readServerRecord, writeServerRecord } from '../../src/cli/embedded-server-record.js';
import { isProcessAlive } from '../../src/cli/process-alive.js';
import { serveEmbedded } from '../../src/cli/serve-embedded.js';
import { emulatorBinaryPath } from '../../src/emulator/emulator-binary.js';

const binary = emulatorBinaryPath();
const newDataDir = () => mkdtempSync(join(tmpdir(), 'agentver-server-'));
const attach = (dataDir: string, extra: Partial<Parameters<typeof attachEmbeddedServer>[0]> = {}) =>
  attachEmbeddedServer({ dataDir, binary, command: 'agentver test', idleMs: 0, ...extra });
const select = async (host: string, n: number) =>
  (await runQuery<{ n: number }>(connect({ projectId: 'local', datasetId: 'unused', emulatorHost: host }), `SELECT ${n} AS n`)).rows[0]?.n;

describe('the embedded server', () => {
  it('renews its emulator between requests, behind the same address, and no request fails', async () => {
    const dataDir = newDataDir();
    const lines: string[] = [];
    // Any growth renews: every memory check replaces the emulator.
    const serving = serveEmbedded({
      dataDir,
      binary,
      idleMs: 0,
      renewAfterGrowthBytes: -1,
      startedBy: 'the test',
      log: (line) => lines.push(line),
      tickMs: 100,
      memoryCheckMs: 300,
    });
    await expect.poll(() => readServerRecord(dataDir)?.pid, { timeout: 30_000 }).toBe(process.pid);
    const attachment = await attach(dataDir);
    const emulators = new Set<number | undefined>();
    for (let i = 0; i < 40; i++) {
      expect(await select(attachment.host, i)).toBe(i);
      emulators.add(readServerRecord(dataDir)?.emulatorPid);
    }
    expect(emulators.size).toBeGreaterThan(1);
    expect(lines.some((line) => line.startsWith('renewed the emulator'))).toBe(true);
    expect(readServerRecord(dataDir)?.host).toBe(attachment.host);
    attachment.release();
    await serving;
    expect(readServerRecord(dataDir)).toBeUndefined();
    expect(lines.at(-1)).toBe('stopped: no client for 0 s');
  }, 120_000);

  it('is started again by a client that outlives it, at the same address', async () => {
    const dataDir = newDataDir();
    const attachment = await attach(dataDir, { reviveCheckMs: 100 });
    try {
      expect(attachment.started).toBe(true);
      const killed = attachment.server;
      process.kill(killed.pid, 'SIGKILL');
      await expect.poll(() => attachment.server.pid, { timeout: 30_000 }).not.toBe(killed.pid);
      expect(isProcessAlive(killed.emulatorPid ?? 0)).toBe(false);
      expect(attachment.host).toBe(killed.host);
      expect(await select(attachment.host, 7)).toBe(7);
      expect(readFileSync(join(dataDir, 'emulator.log'), 'utf8').match(/serving /g)).toHaveLength(2);
    } finally {
      attachment.release();
    }
  }, 120_000);

  it('runs the store check once per server, under the lock', async () => {
    const dataDir = newDataDir();
    let prepared = 0;
    const ready = { key: 'agentver:abc', prepare: async () => void prepared++ };
    const first = await attach(dataDir, { idleMs: 60_000, ready });
    const second = await attach(dataDir, { ready });
    expect([first.started, second.started, prepared]).toEqual([true, false, 1]);
    expect(readServerRecord(dataDir)?.ready).toEqual(['agentver:abc']);
    const other = await attach(dataDir, { ready: { ...ready, key: 'other:def' } });
    expect(prepared).toBe(2);
    for (const attachment of [first, second, other]) attachment.release();
    process.kill(first.server.pid, 'SIGTERM');
    await expect.poll(() => readServerRecord(dataDir), { timeout: 30_000 }).toBeUndefined();
  }, 120_000);

  it('waits for a server of another machine that shares the folder, and names it', async () => {
    const dataDir = newDataDir();
    writeServerRecord(dataDir, {
      host: 'http://10.0.0.9:4000',
      pid: 4242,
      hostname: 'elsewhere',
      emulatorPid: 4243,
      databasePath: join(dataDir, 'emulator.db'),
      startedBy: 'agentver ui (pid 4241)',
      startedAt: new Date().toISOString(),
      ready: [],
    });
    const waiting = attach(dataDir, { timeoutMs: 600 });
    await expect(waiting).rejects.toBeInstanceOf(DataDirBusyError);
    await expect(waiting).rejects.toThrow(
      `the data folder ${dataDir} is in use by another agentver command, held by the embedded emulator of elsewhere (server pid 4242, started by agentver ui (pid 4241))`,
    );
  });
});
