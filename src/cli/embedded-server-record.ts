import { readFileSync, renameSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The embedded server of a data folder, as it is written in `<data folder>/emulator.server.json`:
 * what a command reads to use the emulator that already serves the folder instead of starting one.
 * Written only under the data folder's lock (by the command that starts the server, on its behalf,
 * or by the server itself), so that no two servers ever run on one database file.
 */
export interface ServerRecord {
  /** What clients use as the emulator host: the server's proxy, which stays while the emulator behind it is renewed. */
  host: string;
  /** The server process. */
  pid: number;
  /** The machine of `pid`: a pid means nothing on another one (a container sharing the folder). */
  hostname: string;
  /** The emulator process behind the proxy, to wait for when the server died. */
  emulatorPid: number | undefined;
  databasePath: string;
  /** e.g. `agentver ui (pid 1234)`. */
  startedBy: string;
  startedAt: string;
  /** Stores already made ready on this server (a fingerprint per dataset and schema): later commands skip the check. */
  ready: string[];
}

export const serverRecordPath = (dataDir: string) => join(dataDir, 'emulator.server.json');

/** The folder's server record, or undefined when there is none (or it is not readable JSON). */
export function readServerRecord(dataDir: string): ServerRecord | undefined {
  try {
    const record = JSON.parse(readFileSync(serverRecordPath(dataDir), 'utf8')) as ServerRecord;
    return typeof record.host === 'string' && typeof record.pid === 'number' ? { ...record, ready: record.ready ?? [] } : undefined;
  } catch {
    return undefined;
  }
}

/** Writes the record whole under a temporary name and renames it, so a reader never sees half of one. */
export function writeServerRecord(dataDir: string, record: ServerRecord): void {
  const temporary = `${serverRecordPath(dataDir)}.${process.pid}`;
  writeFileSync(temporary, `${JSON.stringify(record, null, 2)}\n`);
  renameSync(temporary, serverRecordPath(dataDir));
}

/** Removes the record if it still names `pid`: a server never removes its successor's. */
export function removeServerRecord(dataDir: string, pid: number): void {
  if (readServerRecord(dataDir)?.pid === pid) rmSync(serverRecordPath(dataDir), { force: true });
}

/** The server refreshes its record's mtime: how a machine that cannot check its pid tells it is alive. */
export function touchServerRecord(dataDir: string): void {
  const now = new Date();
  utimesSync(serverRecordPath(dataDir), now, now);
}

/** Milliseconds since the record was last written or touched, or undefined when there is none. */
export function serverRecordAgeMs(dataDir: string): number | undefined {
  try {
    return Date.now() - statSync(serverRecordPath(dataDir)).mtimeMs;
  } catch {
    return undefined;
  }
}
