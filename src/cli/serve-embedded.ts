import { hostname } from 'node:os';
import { join } from 'node:path';
import { startEmulatorProxy } from '../emulator/emulator-proxy.js';
import { type LocalEmulator, startEmulator } from '../emulator/local-emulator.js';
import { processRssBytes } from '../emulator/process-rss.js';
import { lockDataDir } from './data-dir-lock.js';
import { liveClientLeases } from './embedded-client-lease.js';
import { readServerRecord, removeServerRecord, touchServerRecord, writeServerRecord } from './embedded-server-record.js';
import { embeddedServerState } from './embedded-server-state.js';
import { isProcessAlive } from './process-alive.js';

export interface ServeEmbeddedOptions {
  dataDir: string;
  /** The bigquery-emulator binary. */
  binary: string;
  /** Keep serving this long after the last client left (0: stop at the next check). */
  idleMs: number;
  /** Replace the emulator by a fresh one on the same file once its memory grew by this much since it started. */
  renewAfterGrowthBytes: number;
  /** Who asked for the server, e.g. `agentver ui (pid 1234)`. */
  startedBy: string;
  /** Serve at this port if it is free: a server that died served there, and its clients (a page) still call it. */
  port?: number;
  log: (line: string) => void;
  /** How often leases, the record and the emulator are checked. */
  tickMs?: number;
  /** How often the emulator's memory is read. */
  memoryCheckMs?: number;
}

/**
 * The embedded server of a data folder: one emulator on `<data folder>/emulator.db` behind a
 * proxy, shared by every agentver process on the folder, which it serves while any of them holds
 * a lease and for `idleMs` after the last one left. See docs/concurrency.md, "One data folder,
 * many processes". It is started by `attachEmbeddedServer`, which holds the folder's lock until
 * this writes the record. Resolves once it stopped: idle, signalled (SIGTERM, SIGINT, SIGHUP), its
 * record gone or taken, or its emulator dead.
 */
export async function serveEmbedded(options: ServeEmbeddedOptions): Promise<void> {
  const { dataDir, log } = options;
  const databasePath = join(dataDir, 'emulator.db');
  const tickMs = options.tickMs ?? 500;
  const memoryCheckMs = options.memoryCheckMs ?? 5000;
  const holder = (activity: string) => ({ command: `the embedded server (pid ${process.pid})`, activity });

  // Only if the starter died and its lock was taken over can another server be serving by now.
  const before = readServerRecord(dataDir);
  if (before && (await embeddedServerState(dataDir, before)) !== 'gone') {
    log(`not starting: ${before.host} (pid ${before.pid}) already serves ${databasePath}`);
    return;
  }
  let emulator: LocalEmulator = await startEmulator({ projectId: 'local', databasePath, binary: options.binary });
  let baseline = (emulator.pid && (await processRssBytes(emulator.pid))) || 0;
  const proxy = await startEmulatorProxy(emulator.host, { port: options.port });
  writeServerRecord(dataDir, {
    host: proxy.host,
    pid: process.pid,
    hostname: hostname(),
    emulatorPid: emulator.pid,
    databasePath,
    startedBy: options.startedBy,
    startedAt: new Date().toISOString(),
    ready: [],
  });
  log(`serving ${databasePath} at ${proxy.host} (emulator pid ${emulator.pid}), started by ${options.startedBy}`);

  let signalled: string | undefined;
  let wake = () => {};
  const onSignal = (signal: NodeJS.Signals) => {
    signalled = signal;
    wake();
  };
  for (const signal of ['SIGTERM', 'SIGINT', 'SIGHUP'] as const) process.on(signal, onSignal);
  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms);
      wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });

  /** Removes the record and stops, under the lock when it can be had within `waitMs`; false if a client came meanwhile. */
  const stop = async (reason: string, waitMs: number, unlessBusy: boolean): Promise<boolean> => {
    let unlock: (() => Promise<void>) | undefined;
    try {
      unlock = await lockDataDir(dataDir, { timeoutMs: waitMs, holder: holder('stopping the embedded emulator') });
    } catch (error) {
      // Busy (a client is attaching) or the folder is gone: an idle stop waits for the next check.
      if (unlessBusy) return false;
      log(`stopping without the lock: ${(error as Error).message}`);
    }
    try {
      // Leases are added under the lock, so none can appear between this check and the removal.
      if (unlessBusy && (liveClientLeases(dataDir).length > 0 || proxy.inFlight() > 0)) return false;
      removeServerRecord(dataDir, process.pid);
      await proxy.close();
      await emulator.stop();
      log(`stopped: ${reason}`);
      return true;
    } finally {
      await unlock?.();
    }
  };

  /** A fresh emulator on the same file, behind the same address: requests wait in the proxy meanwhile. */
  const renew = async (rss: number) => {
    let unlock: () => Promise<void>;
    try {
      // Under the lock, as every change to the record; taken before holding the proxy, since a
      // client that holds the lock may be waiting on a request (its store check).
      unlock = await lockDataDir(dataDir, { timeoutMs: 30_000, holder: holder('renewing the embedded emulator') });
    } catch {
      return;
    }
    try {
      await proxy.hold();
      await emulator.stop();
      emulator = await startEmulator({ projectId: 'local', databasePath, binary: options.binary });
      baseline = (emulator.pid && (await processRssBytes(emulator.pid))) || 0;
      proxy.resume(emulator.host);
      const record = readServerRecord(dataDir);
      if (record?.pid === process.pid) writeServerRecord(dataDir, { ...record, emulatorPid: emulator.pid });
      log(`renewed the emulator (pid ${emulator.pid}) after it grew to ${Math.round(rss / 2 ** 20)} MiB`);
    } finally {
      await unlock();
    }
  };

  let lastBusy = Date.now();
  let lastMemoryCheck = Date.now();
  try {
    for (;;) {
      await sleep(tickMs);
      if (signalled) {
        await stop(`${signalled}`, 10_000, false);
        return;
      }
      if (readServerRecord(dataDir)?.pid !== process.pid) {
        // Removed by hand, the folder deleted, or (after a stall past the lock's staleness) taken
        // by a new server: this one must not touch the file any more.
        log('stopped: the server record is gone or names another server');
        await proxy.close();
        await emulator.stop();
        return;
      }
      touchServerRecord(dataDir);
      if (emulator.pid !== undefined && !isProcessAlive(emulator.pid)) {
        await stop('the emulator exited', 10_000, false);
        process.exitCode = 1;
        return;
      }
      if (liveClientLeases(dataDir).length > 0 || proxy.inFlight() > 0) lastBusy = Date.now();
      else if (Date.now() - lastBusy >= options.idleMs && (await stop(`no client for ${options.idleMs / 1000} s`, 0, true))) return;
      if (emulator.pid !== undefined && Date.now() - lastMemoryCheck >= memoryCheckMs) {
        lastMemoryCheck = Date.now();
        const rss = await processRssBytes(emulator.pid);
        if (rss !== undefined && rss - baseline > options.renewAfterGrowthBytes) {
          try {
            await renew(rss);
          } catch (error) {
            // The proxy then answers the waiting requests with a 502 (the old emulator is stopped).
            await stop(`the emulator could not be renewed: ${(error as Error).message}`, 10_000, false);
            process.exitCode = 1;
            return;
          }
        }
      }
    }
  } finally {
    for (const signal of ['SIGTERM', 'SIGINT', 'SIGHUP'] as const) process.off(signal, onSignal);
  }
}
