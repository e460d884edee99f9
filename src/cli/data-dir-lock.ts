import { closeSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { AgentverError } from '../errors/agentver-error.js';

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Takes the embedded data folder for this process: its store is one SQLite file, which two
 * emulators cannot share, so a second command waits for the first instead of failing with
 * "database is locked". A lock left by a process that died is taken over.
 */
export async function lockDataDir(dataDir: string, timeoutMs = 120_000): Promise<() => void> {
  const path = join(dataDir, 'lock');
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const fd = openSync(path, 'wx');
      writeSync(fd, String(process.pid));
      closeSync(fd);
      return () => rmSync(path, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const holder = Number(readFileSync(path, 'utf8').trim() || Number.NaN);
    if (!Number.isInteger(holder) || !alive(holder)) {
      rmSync(path, { force: true });
      continue;
    }
    if (Date.now() > deadline) {
      throw new AgentverError('backend', `the data folder ${dataDir} is in use by process ${holder}`, {
        hint: 'Wait for that command to finish, or use another --data-dir.',
      });
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
