// The embedded data folder's lock, across real processes: one holder at a time, a dead holder's
// lock taken over, a bounded wait, and a folder that cannot hold the store refused as bad input.
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DataDirBusyError, lockDataDir, prepareDataDir } from '../../../src/cli/data-dir-lock.js';
import { ValidationError } from '../../../src/errors/validation-error.js';
import { runCliCaptured } from '../../emulator/cli-harness.js';

const locker = new URL('./fixtures/locker.ts', import.meta.url).pathname;

function startLocker(dataDir: string, log: string, mode?: 'hold'): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', locker, dataDir, log, ...(mode ? [mode] : [])], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
}

async function exitCode(child: ChildProcess): Promise<number | null> {
  let stderr = '';
  child.stderr?.on('data', (chunk) => {
    stderr += chunk;
  });
  const [code] = (await once(child, 'exit')) as [number | null];
  if (code !== 0) throw new Error(`locker exited ${code}: ${stderr}`);
  return code;
}

describe('lockDataDir', () => {
  it('lets exactly one of 50 processes hold the folder at any time', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'agentver-lock-'));
    const log = join(dataDir, 'log');
    writeFileSync(log, '');
    const lockers = Array.from({ length: 50 }, () => startLocker(dataDir, log));
    expect(await Promise.all(lockers.map(exitCode))).toEqual(Array(50).fill(0));

    const events = readFileSync(log, 'utf8').trim().split('\n');
    expect(events).toHaveLength(100);
    // Holding means an enter directly followed by the same process's exit: no one enters in between.
    for (let i = 0; i < events.length; i += 2) {
      const pid = events[i]?.split(' ')[1];
      expect([events[i], events[i + 1]]).toEqual([`enter ${pid}`, `exit ${pid}`]);
    }
    expect(new Set(events.map((event) => event.split(' ')[1])).size).toBe(50);
  }, 180_000);

  it('takes over the lock of a process that was killed while holding it', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'agentver-lock-'));
    const log = join(dataDir, 'log');
    writeFileSync(log, '');
    const holder = startLocker(dataDir, log, 'hold');
    await expect.poll(() => readFileSync(log, 'utf8'), { timeout: 30_000 }).toContain(`enter ${holder.pid}`);
    holder.kill('SIGKILL');
    await once(holder, 'exit');
    const release = await lockDataDir(dataDir, { staleMs: 2000, timeoutMs: 30_000 });
    await release();
    expect(existsSync(join(dataDir, 'emulator.db.lock'))).toBe(false);
  }, 60_000);

  it('gives up after its timeout with an error naming the folder', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'agentver-lock-'));
    const release = await lockDataDir(dataDir);
    try {
      const waiting = lockDataDir(dataDir, { timeoutMs: 200 });
      await expect(waiting).rejects.toBeInstanceOf(DataDirBusyError);
      await expect(waiting).rejects.toThrow(`the data folder ${dataDir} is in use by another agentver command`);
    } finally {
      await release();
    }
  });
});

describe('prepareDataDir', () => {
  it('refuses a data folder that is a file, naming where the path came from', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'agentver-lock-')), 'not-a-folder');
    writeFileSync(file, 'x');
    expect(() => prepareDataDir(file, 'AGENTVER_DATA_DIR')).toThrow(ValidationError);
    expect(() => prepareDataDir(file, 'AGENTVER_DATA_DIR')).toThrow(`AGENTVER_DATA_DIR: ${file} is not a writable directory (EEXIST)`);
  });

  it('refuses a folder that cannot be created, even for root', () => {
    // sysfs refuses new entries to every user, so this holds on CI machines that run as root.
    expect(() => prepareDataDir('/sys/agentver-data', '--data-dir')).toThrow(
      /--data-dir: \/sys\/agentver-data is not a writable directory \(E[A-Z]+\)/,
    );
  });

  it('makes a command on such a folder exit 2 before any backend is started', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'agentver-lock-'));
    const file = join(dir, 'file');
    writeFileSync(file, 'x');
    const run = await runCliCaptured(['list', '--data-dir', file], { cwd: dir });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`--data-dir: ${file} is not a writable directory`);
    expect(run.stderr).not.toMatch(/credentials|BigQuery request failed/);
  });
});
