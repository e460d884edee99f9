import { spawn } from 'node:child_process';
import { closeSync, openSync, readFileSync, rmSync, statSync, truncateSync } from 'node:fs';
import { createRequire } from 'node:module';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { processCommandLine } from '../emulator/process-command-line.js';
import { DataDirBusyError, lockDataDir } from './data-dir-lock.js';
import { addClientLease } from './embedded-client-lease.js';
import { EmbeddedServerError } from './embedded-server-error.js';
import { readServerRecord, type ServerRecord, serverRecordPath, writeServerRecord } from './embedded-server-record.js';
import { embeddedServerState } from './embedded-server-state.js';
import { isProcessAlive } from './process-alive.js';
import type { ServeEmbeddedOptions } from './serve-embedded.js';

export interface AttachEmbeddedOptions {
  dataDir: string;
  /** The bigquery-emulator binary, for a server this call starts. */
  binary: string;
  /** This process in words, e.g. `agentver ui`: in the lease, the lock's holder file and the server's log. */
  command: string;
  /** How long a server this call starts keeps serving after its last client left. */
  idleMs: number;
  /** A server this call starts renews its emulator once the emulator's memory grew by this much. */
  renewAfterGrowthBytes?: number;
  /** How long to wait for the folder (another process starting or stopping its server). */
  timeoutMs?: number;
  /** How often this process checks that its server is alive, to start a new one if it is not. */
  reviveCheckMs?: number;
  /**
   * Run under the lock, once per server and key, before the first use of a store: agentver's
   * init is check-then-create, which two processes must not run at once on one store.
   */
  ready?: { key: string; prepare: (host: string) => Promise<void> };
}

export interface EmbeddedAttachment {
  /** The emulator host to connect to. */
  host: string;
  server: ServerRecord;
  /** Whether this call started the server (otherwise it found one serving). */
  started: boolean;
  /** Ends this process's lease: the server may stop once no lease is left. Safe to call twice. */
  release: () => void;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Attaches this process to the embedded emulator of a data folder: the one that serves it
 * already, or one started now as a detached server (serve-embedded.ts) that outlives this
 * process, serves every agentver process on the folder and stops when none used it for `idleMs`.
 * All of it happens under the folder's lock, held for milliseconds when a server is serving and
 * for its start-up otherwise, so two processes starting at once start one server between them.
 * A server that died (killed, -9 included) is found out by its pid and address and replaced,
 * also later, while this process is attached (every `reviveCheckMs`). Only a server on another
 * machine sharing the folder makes this wait (up to `timeoutMs`).
 */
export async function attachEmbeddedServer(options: AttachEmbeddedOptions): Promise<EmbeddedAttachment> {
  let current = await attachOnce(options);
  let released = false;
  let reviving = false;
  let notBefore = 0;
  // A long-lived client (the page) outlives a server that was killed: it starts a new one, at the
  // same address when that is free, so that its connection keeps working. Unref'd: a command that
  // is done does not wait for it.
  const timer = setInterval(() => {
    const { server } = current;
    if (reviving || Date.now() < notBefore || server.hostname !== hostname() || isProcessAlive(server.pid)) return;
    reviving = true;
    attachOnce(options)
      .then(
        (next) => {
          current.release();
          current = next;
          if (released) next.release();
        },
        // The folder deleted, the binary gone: try again later, not every second.
        () => {
          notBefore = Date.now() + 10_000;
        },
      )
      .finally(() => {
        reviving = false;
      });
  }, options.reviveCheckMs ?? 1000);
  timer.unref();
  return {
    get host() {
      return current.host;
    },
    get server() {
      return current.server;
    },
    started: current.started,
    release: () => {
      released = true;
      clearInterval(timer);
      current.release();
    },
  };
}

async function attachOnce(options: AttachEmbeddedOptions): Promise<EmbeddedAttachment> {
  const { dataDir } = options;
  const timeoutMs = options.timeoutMs ?? 120_000;
  const started = Date.now();
  for (;;) {
    const unlock = await lockDataDir(dataDir, {
      timeoutMs: Math.max(0, timeoutMs - (Date.now() - started)),
      holder: { command: options.command, activity: 'attaching to the embedded emulator' },
    });
    let remote: ServerRecord | undefined;
    try {
      let server = readServerRecord(dataDir);
      const state = server ? await embeddedServerState(dataDir, server) : 'gone';
      if (state === 'remote') {
        remote = server;
      } else {
        let startedNow = false;
        if (!server || state === 'gone') {
          if (server) await clearDeadServer(server);
          server = await startServer(options, server && Number(new URL(server.host).port));
          startedNow = true;
        }
        const release = addClientLease(dataDir, options.command);
        try {
          if (options.ready && !server.ready.includes(options.ready.key)) {
            await options.ready.prepare(server.host);
            const current = readServerRecord(dataDir) ?? server;
            server = { ...current, ready: [...current.ready, options.ready.key] };
            writeServerRecord(dataDir, server);
          }
        } catch (error) {
          release();
          throw error;
        }
        return { host: server.host, server, started: startedNow, release };
      }
    } finally {
      await unlock();
    }
    const waited = Date.now() - started;
    if (waited >= timeoutMs) {
      throw new DataDirBusyError(
        dataDir,
        waited,
        `the embedded emulator of ${remote?.hostname} (server pid ${remote?.pid}, started by ${remote?.startedBy})`,
      );
    }
    await sleep(250 + Math.random() * 250);
  }
}

/**
 * The server died; its emulator normally dies with it (its watchdog, local-emulator.ts), within
 * milliseconds. A new emulator must not open the file before this one let go of it, so wait for
 * it, and kill it if it outlived its server: only when its command line shows it is the emulator
 * of this file, since its pid may have been reused.
 */
async function clearDeadServer(server: ServerRecord): Promise<void> {
  const pid = server.emulatorPid;
  const ours = async () =>
    pid !== undefined && isProcessAlive(pid) && (await processCommandLine(pid))?.includes(`--database=${server.databasePath}`) === true;
  const deadline = Date.now() + 5000;
  while ((await ours()) && Date.now() < deadline) await sleep(50);
  if (pid !== undefined && (await ours())) {
    process.kill(pid, 'SIGKILL');
    while (isProcessAlive(pid) && Date.now() < deadline + 5000) await sleep(20);
  }
}

/** The server's entry: the built one, or (running from the sources, as the tests do) the TypeScript one through tsx. */
function serverEntry(): string[] {
  const here = import.meta.url;
  if (!here.endsWith('.ts')) return [fileURLToPath(new URL('./serve-embedded-main.js', here))];
  const tsx = pathToFileURL(createRequire(here).resolve('tsx')).href;
  return ['--import', tsx, fileURLToPath(new URL('./serve-embedded-main.ts', here))];
}

const LOG_LIMIT_BYTES = 1 << 20;

/** The last lines the log got since `offset`: what this start wrote, for the error. */
function logSince(file: string, offset: number): string {
  try {
    return readFileSync(file).subarray(offset).toString('utf8').trimEnd().split('\n').slice(-15).join('\n');
  } catch {
    return '';
  }
}

/**
 * Starts the server, detached (its own session: a Ctrl-C here does not reach it), and waits for
 * its record. `port`: the address of the server that died, kept if free, so that a long-lived
 * client of that one (a page) finds the new one where it looks (the BigQuery client retries a
 * refused connection for about 16 s).
 */
async function startServer(options: AttachEmbeddedOptions, port: number | undefined): Promise<ServerRecord> {
  const { dataDir } = options;
  rmSync(serverRecordPath(dataDir), { force: true });
  const logFile = join(dataDir, 'emulator.log');
  try {
    if (statSync(logFile).size > LOG_LIMIT_BYTES) truncateSync(logFile);
  } catch {
    // no log yet
  }
  const logStart = (() => {
    try {
      return statSync(logFile).size;
    } catch {
      return 0;
    }
  })();
  const serverOptions: Omit<ServeEmbeddedOptions, 'log'> = {
    dataDir,
    binary: options.binary,
    idleMs: options.idleMs,
    renewAfterGrowthBytes: options.renewAfterGrowthBytes ?? 2 ** 30,
    startedBy: `${options.command} (pid ${process.pid})`,
    ...(port ? { port } : {}),
  };
  const fd = openSync(logFile, 'a');
  const child = spawn(process.execPath, [...serverEntry(), JSON.stringify(serverOptions)], {
    detached: true,
    stdio: ['ignore', fd, fd],
    cwd: dataDir,
  });
  closeSync(fd);
  child.unref();
  let exit: string | undefined;
  child.once('exit', (code, signal) => {
    exit = signal ? `it was killed by ${signal}` : `it exited with code ${code}`;
  });
  child.once('error', (error) => {
    exit = `it could not be run (${error.message})`;
  });
  const thisRun = () => logSince(logFile, logStart);
  const deadline = Date.now() + 60_000;
  for (;;) {
    const record = readServerRecord(dataDir);
    if (record && record.pid === child.pid) return record;
    if (exit) throw new EmbeddedServerError(dataDir, exit, thisRun());
    if (Date.now() > deadline) {
      child.kill('SIGTERM');
      throw new EmbeddedServerError(dataDir, 'it did not serve within 60 s', thisRun());
    }
    await sleep(20);
  }
}
