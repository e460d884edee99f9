import { accessSync, constants, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import lockfile from 'proper-lockfile';
import { AgentverError } from '../errors/agentver-error.js';
import { ValidationError } from '../errors/validation-error.js';
import { isProcessAlive } from './process-alive.js';

export interface DataDirLockOptions {
  /** How long to wait for another command to finish with the folder. */
  timeoutMs?: number;
  /** A lock not refreshed for this long belongs to a process that died; proper-lockfile's minimum is 2 s. */
  staleMs?: number;
  /** Called if the lock is lost while held (its refresh failed for longer than staleMs). */
  onCompromised?: (error: Error) => void;
  /** How this process is named to waiters: `agentver ui`, and what it does with the folder. */
  holder?: { command: string; activity: string };
}

/** Who holds a data folder, as the holder wrote it beside the lock (a waiter's error names it). */
export interface DataDirHolder {
  pid: number;
  hostname: string;
  command: string;
  activity: string;
  since: string;
}

// Beside the lock, not in it: proper-lockfile removes its lock directory with rmdir, which fails on a non-empty one.
const holderFile = (dataDir: string) => join(dataDir, 'emulator.db.lock-holder.json');

/** The holder of a data folder's lock as it described itself, or undefined (none, or a holder from an agentver that did not write one). */
export function readDataDirHolder(dataDir: string): DataDirHolder | undefined {
  try {
    return JSON.parse(readFileSync(holderFile(dataDir), 'utf8')) as DataDirHolder;
  } catch {
    return undefined;
  }
}

/**
 * A holder in words, for messages: `agentver ui (pid 1234), starting the embedded emulator`; a
 * holder on this machine whose process is gone is said to be gone.
 */
export function describeDataDirHolder(holder: DataDirHolder, staleMs = 10_000): string {
  const where = holder.hostname === hostname() ? '' : ` on ${holder.hostname}`;
  const gone =
    !where && !isProcessAlive(holder.pid) ? `, which has exited (its lock is taken over once it is ${staleMs / 1000} s old)` : '';
  return `${holder.command} (pid ${holder.pid}${where}), ${holder.activity}${gone}`;
}

/** Another command kept the data folder for longer than the wait allowed. */
export class DataDirBusyError extends AgentverError {
  constructor(dataDir: string, waitedMs: number, holder?: string) {
    super(
      'conflict',
      `the data folder ${dataDir} is in use by another agentver command${holder ? `, held by ${holder}` : ''} (waited ${Math.round(waitedMs / 1000)} s)`,
      {
        hint: 'Wait for that command to finish, or use another --data-dir.',
        details: { dataDir, waitedMs, ...(holder ? { holder } : {}) },
      },
    );
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
 * The holder writes who it is beside the lock, so a waiter that gives up can name it.
 * Embedded commands hold it only while they attach to the folder's emulator (embedded-server.ts).
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
      const release = await lockfile.lock(join(dataDir, 'emulator.db'), {
        realpath: false,
        stale: options.staleMs ?? 10_000,
        onCompromised,
      });
      return writeHolder(dataDir, options.holder, release);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ELOCKED') throw error;
    }
    const waited = Date.now() - started;
    if (waited >= timeoutMs) {
      const holder = readDataDirHolder(dataDir);
      throw new DataDirBusyError(dataDir, waited, holder && describeDataDirHolder(holder, options.staleMs));
    }
    // Jitter keeps waiters that started together from retrying in lockstep.
    await sleep(25 + Math.random() * 75);
  }
}

function writeHolder(dataDir: string, described: DataDirLockOptions['holder'], release: () => Promise<void>): () => Promise<void> {
  const holder: DataDirHolder = {
    pid: process.pid,
    hostname: hostname(),
    command: described?.command ?? 'an agentver process',
    activity: described?.activity ?? 'using the folder',
    since: new Date().toISOString(),
  };
  // Written whole under another name and renamed, so a reader never sees half of it.
  const temporary = `${holderFile(dataDir)}.${process.pid}`;
  writeFileSync(temporary, JSON.stringify(holder));
  renameSync(temporary, holderFile(dataDir));
  return async () => {
    // Only our own: after a takeover (this process stalled past staleMs) the file is the new holder's.
    if (readDataDirHolder(dataDir)?.pid === process.pid) rmSync(holderFile(dataDir), { force: true });
    await release();
  };
}
