import { hostname } from 'node:os';
import { checkEmulatorHost } from '../emulator/check-emulator-host.js';
import { type ServerRecord, serverRecordAgeMs } from './embedded-server-record.js';
import { isProcessAlive } from './process-alive.js';

/** A server touches its record every half second; one on another machine this long without is dead. */
export const REMOTE_SERVER_STALE_MS = 15_000;

/**
 * What a server record stands for, judged by a process holding the data folder's lock:
 * - `serving`: its process is alive on this machine and its address accepts connections: use it;
 * - `remote`: it runs on another machine that shares the folder (its record is fresh): wait;
 * - `gone`: its process died (killed, -9 included), or its pid was reused by another process
 *   (then nothing listens at its address: a live server's proxy accepts until it stops, and it
 *   stops only under the lock the caller holds).
 */
export async function embeddedServerState(dataDir: string, record: ServerRecord): Promise<'serving' | 'remote' | 'gone'> {
  if (record.hostname !== hostname()) {
    return (serverRecordAgeMs(dataDir) ?? Number.POSITIVE_INFINITY) < REMOTE_SERVER_STALE_MS ? 'remote' : 'gone';
  }
  if (!isProcessAlive(record.pid)) return 'gone';
  try {
    await checkEmulatorHost(record.host, 'local', 'the server record', 2000);
    return 'serving';
  } catch {
    return 'gone';
  }
}
