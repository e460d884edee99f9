// A command that waits for a data folder in vain says who holds it: the holder writes its name
// and what it does beside the lock, and a holder that died is said to be gone.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DataDirBusyError, lockDataDir, readDataDirHolder } from '../../../src/cli/data-dir-lock.js';

const newDataDir = () => mkdtempSync(join(tmpdir(), 'agentver-holder-'));

describe('the data folder holder', () => {
  it('is named by a command that gives up waiting', async () => {
    const dataDir = newDataDir();
    const release = await lockDataDir(dataDir, { holder: { command: 'agentver ui', activity: 'starting the embedded emulator' } });
    try {
      expect(readDataDirHolder(dataDir)).toMatchObject({ pid: process.pid, hostname: hostname(), command: 'agentver ui' });
      const waiting = lockDataDir(dataDir, { timeoutMs: 200 });
      await expect(waiting).rejects.toBeInstanceOf(DataDirBusyError);
      await expect(waiting).rejects.toThrow(
        `the data folder ${dataDir} is in use by another agentver command, held by agentver ui (pid ${process.pid}), starting the embedded emulator (waited 0 s)`,
      );
    } finally {
      await release();
    }
    expect(readDataDirHolder(dataDir)).toBeUndefined();
  });

  it('is said to be gone when its process died', async () => {
    const dataDir = newDataDir();
    const release = await lockDataDir(dataDir);
    try {
      // As a holder killed with -9 leaves it: its file stays until the lock is taken over.
      const dead = {
        pid: 2 ** 22 + 7,
        hostname: hostname(),
        command: 'agentver edit',
        activity: 'attaching to the embedded emulator',
        since: '',
      };
      writeFileSync(join(dataDir, 'emulator.db.lock-holder.json'), JSON.stringify(dead));
      await expect(lockDataDir(dataDir, { timeoutMs: 100 })).rejects.toThrow(
        `held by agentver edit (pid ${dead.pid}), attaching to the embedded emulator, which has exited (its lock is taken over once it is 10 s old)`,
      );
    } finally {
      await release();
    }
  });

  it('on another machine is named with it', async () => {
    const dataDir = newDataDir();
    const release = await lockDataDir(dataDir);
    try {
      const remote = { pid: 12, hostname: 'build-7', command: 'agentver ui', activity: 'attaching to the embedded emulator', since: '' };
      writeFileSync(join(dataDir, 'emulator.db.lock-holder.json'), JSON.stringify(remote));
      await expect(lockDataDir(dataDir, { timeoutMs: 100 })).rejects.toThrow('held by agentver ui (pid 12 on build-7), attaching');
    } finally {
      await release();
    }
  });
});
