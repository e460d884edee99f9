import { randomBytes } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { isProcessAlive } from './process-alive.js';

/** A process using a data folder's embedded server: while one is alive the server keeps serving. */
export interface ClientLease {
  pid: number;
  /** e.g. `agentver ui`. */
  command: string;
  since: string;
}

const leaseDir = (dataDir: string) => join(dataDir, 'emulator.clients');

/**
 * Registers this process as a client of the folder's server: one small file in
 * `<data folder>/emulator.clients/`, named by pid and a random tag (a process can attach twice).
 * Taken under the data folder's lock, so the server, which stops only under that lock, sees it.
 * Returns the release function; a lease of a process that died is dropped by `liveClientLeases`.
 */
export function addClientLease(dataDir: string, command: string): () => void {
  mkdirSync(leaseDir(dataDir), { recursive: true });
  const file = join(leaseDir(dataDir), `${process.pid}-${randomBytes(4).toString('hex')}.json`);
  const lease: ClientLease = { pid: process.pid, command, since: new Date().toISOString() };
  writeFileSync(file, JSON.stringify(lease));
  const release = () => {
    process.off('exit', release);
    rmSync(file, { force: true });
  };
  // A command that exits without closing (an uncaught error) leaves no lease behind.
  process.once('exit', release);
  return release;
}

/**
 * The leases whose process is alive; a dead one's file is removed (it was killed, -9 included).
 * A pid reused by an unrelated process keeps its old lease alive until that process ends: the
 * server then only serves longer than needed.
 */
export function liveClientLeases(dataDir: string): ClientLease[] {
  let names: string[];
  try {
    names = readdirSync(leaseDir(dataDir));
  } catch {
    return [];
  }
  const live: ClientLease[] = [];
  for (const name of names) {
    const pid = Number(/^(\d+)-[0-9a-f]+\.json$/.exec(name)?.[1]);
    const file = join(leaseDir(dataDir), name);
    if (!isProcessAlive(pid)) {
      rmSync(file, { force: true });
      continue;
    }
    try {
      live.push(JSON.parse(readFileSync(file, 'utf8')) as ClientLease);
    } catch {
      // Removed by its owner since the listing, or still being written: alive either way.
      live.push({ pid, command: 'an agentver process', since: '' });
    }
  }
  return live;
}
