import { accessSync, constants, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import lockfile from 'proper-lockfile';
import { AgentverError } from '../errors/agentver-error.js';
import { ValidationError } from '../errors/validation-error.js';

export interface DataDirLockOptions {
  /** How long to wait for another command to finish with the folder. */
  timeoutMs?: number;
  /** A lock not refreshed for this long belongs to a process that died; proper-lockfile's minimum is 2 s. */
  staleMs?: number;
  /** Called if the lock is lost while held (its refresh failed for longer than staleMs). */
  onCompromised?: (error: Error) => void;
}

/** Another command kept the data folder for longer than the wait allowed. */
export class DataDirBusyError extends AgentverError {
  constructor(dataDir: string, waitedMs: number) {
    super('conflict', `the data folder ${dataDir} is in use by another agentver command (waited ${Math.round(waitedMs / 1000)} s)`, {
      hint: 'Wait for that command to finish, or use another --data-dir.',
      details: { dataDir, waitedMs },
    });
    this.name = 'DataDirBusyError';
  }
}

/**
 * Creates the data folder if needed and checks it can hold the store. `source` is where the path
 * came from (`--data-dir`, `AGENTVER_DATA_DIR`), so the error names what the user set.
 */
export function prepareDataDir(dataDir: string, source: string): void {
  try {
    mkdirSync(dataDir, { recursive: true });
    accessSync(dataDir, constants.W_OK);
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    throw new ValidationError([{ field: source, rule: `${dataDir} is not a writable directory (${reason})` }], 'data folder');
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Takes the embedded data folder for this process: its store is one SQLite file, which two
 * emulators cannot share, so a second command waits for the first instead of failing with
 * "database is locked". The lock is proper-lockfile's: a directory made with one atomic mkdir
 * (so no reader ever sees a half-made lock) whose mtime the holder refreshes; a lock left by a
 * process that died stops being refreshed and is taken over once it is `staleMs` old.
 * Returns the release function.
 */
export async function lockDataDir(dataDir: string, options: DataDirLockOptions = {}): Promise<() => Promise<void>> {
  const timeoutMs = options.timeoutMs ?? 120_000;
  const started = Date.now();
  const onCompromised =
    options.onCompromised ??
    ((error: Error) => process.emitWarning(`agentver lost the lock on ${dataDir}: ${error.message}`, 'DataDirLockWarning'));
  for (;;) {
    try {
      return await lockfile.lock(join(dataDir, 'emulator.db'), {
        realpath: false,
        stale: options.staleMs ?? 10_000,
        onCompromised,
      });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ELOCKED') throw error;
    }
    const waited = Date.now() - started;
    if (waited > timeoutMs) throw new DataDirBusyError(dataDir, waited);
    // Jitter keeps waiters that started together from retrying in lockstep.
    await sleep(25 + Math.random() * 75);
  }
}
