import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { resolveEmulatorBinary } from './emulator-binary.js';

/** A running goccy/bigquery-emulator. `host` is what `BIGQUERY_EMULATOR_HOST` expects. */
export interface LocalEmulator {
  /** e.g. `http://127.0.0.1:41235`: put it in BIGQUERY_EMULATOR_HOST or pass it to createBigQuery. */
  readonly host: string;
  readonly restPort: number;
  readonly grpcPort: number;
  readonly projectId: string;
  /** The file-backed store, or undefined for the in-memory one. */
  readonly databasePath: string | undefined;
  /** Milliseconds from spawn until the REST API answered. */
  readonly startupMs: number;
  /** The emulator's own process (not its watchdog's), e.g. to read its memory; undefined if it was not reported. */
  readonly pid: number | undefined;
  stop(): Promise<void>;
}

export interface StartEmulatorOptions {
  projectId?: string;
  /** Persist tables in this file; in memory when omitted. */
  databasePath?: string;
  /** Defaults to AGENTVER_EMULATOR_BIN, then the per-user cache, where it is built with Go on first use. */
  binary?: string;
  /** Progress lines of that first-use build (default: stderr). */
  onBuildProgress?: (line: string) => void;
  /** How long to wait for the REST API to answer. */
  timeoutMs?: number;
  logLevel?: 'debug' | 'info' | 'warn' | 'error';
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

// The emulator runs under a small sh watchdog that holds a pipe from this process: when this
// process dies for any reason (test failure, Ctrl-C, SIGKILL), the pipe closes, `cat` returns and
// the watchdog kills the emulator. Exit handlers alone cannot cover SIGKILL.
// (A background job's stdin is /dev/null unless redirected, hence the explicit <&3.)
// The first line on stdout is the emulator's pid, for callers that watch its memory.
const WATCHDOG = `
exec 3<&0
"$@" </dev/null &
emulator=$!
echo "emulator-pid $emulator"
( cat <&3 >/dev/null; kill -TERM $emulator 2>/dev/null ) </dev/null &
trap 'kill -TERM $emulator 2>/dev/null' INT TERM HUP
# A trapped signal ends a wait early: wait again until the emulator has really exited.
while kill -0 $emulator 2>/dev/null; do wait $emulator; done
`;

async function waitUntilAnswering(
  host: string,
  projectId: string,
  child: ChildProcess,
  timeoutMs: number,
  log: () => string,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`bigquery-emulator exited during start-up (${child.exitCode ?? child.signalCode}):\n${log()}`);
    }
    try {
      const response = await fetch(`${host}/bigquery/v2/projects/${projectId}/datasets`, { signal: AbortSignal.timeout(1000) });
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`bigquery-emulator did not answer on ${host} within ${timeoutMs} ms:\n${log()}`);
}

/**
 * Starts the emulator on free REST and gRPC ports and resolves once its REST API answers.
 * The process is tied to this one: it stops with `stop()`, and also when this process exits.
 */
export async function startEmulator(options: StartEmulatorOptions = {}): Promise<LocalEmulator> {
  const binary = options.binary ?? (await resolveEmulatorBinary({ log: options.onBuildProgress })).path;
  const projectId = options.projectId ?? 'local';
  const restPort = await freePort();
  let grpcPort = await freePort();
  while (grpcPort === restPort) grpcPort = await freePort();
  const args = [
    `--project=${projectId}`,
    '--host=127.0.0.1',
    `--port=${restPort}`,
    `--grpc-port=${grpcPort}`,
    `--log-level=${options.logLevel ?? 'error'}`,
  ];
  if (options.databasePath) args.push(`--database=${options.databasePath}`);

  const started = performance.now();
  const child = spawn('sh', ['-c', WATCHDOG, 'bigquery-emulator-watchdog', binary, ...args], {
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let output = '';
  let pid: number | undefined;
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-8000);
  };
  // Until the watchdog's pid line is seen, stdout is searched for it (the emulator shares the pipe).
  let unread = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    if (pid !== undefined) return keep(chunk);
    unread += chunk.toString();
    const reported = /(^|\n)emulator-pid (\d+)\n/.exec(unread);
    if (!reported) return;
    pid = Number(reported[2]);
    keep(Buffer.from(unread.slice(0, reported.index) + unread.slice(reported.index + reported[0].length)));
  });
  child.stderr?.on('data', keep);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const killOnExit = () => child.kill('SIGTERM');
  process.once('exit', killOnExit);

  const stop = async () => {
    process.off('exit', killOnExit);
    if (child.exitCode === null && child.signalCode === null) {
      child.stdin?.end();
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
    }
  };

  const host = `http://127.0.0.1:${restPort}`;
  try {
    await waitUntilAnswering(host, projectId, child, options.timeoutMs ?? 30_000, () => (pid === undefined ? unread : '') + output);
  } catch (error) {
    await stop();
    throw error;
  }
  // Keep the pipes open without holding the event loop: the watchdog must outlive nothing.
  child.unref();
  for (const stream of [child.stdin, child.stdout, child.stderr]) (stream as unknown as { unref?: () => void })?.unref?.();

  return {
    host,
    restPort,
    grpcPort,
    projectId,
    databasePath: options.databasePath,
    startupMs: performance.now() - started,
    pid,
    stop,
  };
}
