// What a user meets when the backend is not there, through the built CLI (npm run build first):
// an --emulator-host nothing listens on (or that never answers), and an ingest of 100,000 rows whose emulator is killed
// (SIGKILL) after about a fifth of them. Prints wall times and the lines the CLI printed.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect } from '../src/bigquery/connection.js';
import { runQuery } from '../src/bigquery/run-query.js';
import { startEmulator } from '../src/emulator/local-emulator.js';
import { createAgent } from '../src/store/agent-writes.js';
import { initStore } from '../src/store/init-store.js';

const cli = new URL('../dist/cli/main.js', import.meta.url).pathname;

async function run(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string; ms: number }> {
  const started = performance.now();
  const child = spawn(process.execPath, [cli, ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, AGENTVER_PROJECT: '' },
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk) => {
    stdout += chunk;
  });
  child.stderr.on('data', (chunk) => {
    stderr += chunk;
  });
  const [code] = (await once(child, 'exit')) as [number | null];
  return { code, stdout, stderr, ms: performance.now() - started };
}

async function freePort(): Promise<number> {
  const server = createServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  server.close();
  return port;
}

const closed = await run(['list', '--emulator-host', `http://127.0.0.1:${await freePort()}`]);
console.log(`unreachable --emulator-host (closed port): exit ${closed.code} in ${(closed.ms / 1000).toFixed(1)} s\n${closed.stderr}`);
// A port that accepts connections and never answers: only the check's timeout ends the wait.
const held: Socket[] = [];
const silent = createServer((socket) => held.push(socket)).listen(0, '127.0.0.1');
await once(silent, 'listening');
const mute = await run(['list', '--emulator-host', `http://127.0.0.1:${(silent.address() as { port: number }).port}`]);
silent.close();
for (const socket of held) socket.destroy();
console.log(`--emulator-host that accepts and never answers: exit ${mute.code} in ${(mute.ms / 1000).toFixed(1)} s\n${mute.stderr}`);

const ROWS = 100_000;
const dir = mkdtempSync(join(tmpdir(), 'agentver-failure-bench-'));
const file = join(dir, 'runs.ndjson');
writeFileSync(
  file,
  Array.from({ length: ROWS }, (_, i) =>
    JSON.stringify({
      execution_id: `run-${i}`,
      agent_id: 'triage',
      agent_version_id: 'triage@1',
      status: 'succeeded',
      started_at: '2026-11-20T10:00:00Z',
    }),
  ).join('\n'),
);
const emulator = await startEmulator({ projectId: 'bench' });
const conn = connect({ projectId: 'bench', datasetId: 'agentver', emulatorHost: emulator.host });
await initStore(conn);
await createAgent(conn, 'triage', { name: 'T', system_prompt: 'p', model: 'm' }, { author: 'a', message: 'v1' });
const ingest = run(['ingest', 'task_executions', '--file', file, '--emulator-host', emulator.host, '--project', 'bench']);
// Kill the emulator itself (not its watchdog) once a fifth of the rows are in.
for (;;) {
  const { rows } = await runQuery<{ n: number }>(conn, 'SELECT COUNT(*) AS n FROM {{dataset}}.task_executions');
  if ((rows[0]?.n ?? 0) >= ROWS / 5) break;
  await new Promise((resolve) => setTimeout(resolve, 200));
}
const port = `--port=${emulator.restPort}`;
const pid = readdirSync('/proc').find((entry) => {
  try {
    const argv = readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0');
    return argv.includes(port) && argv[0]?.endsWith('bigquery-emulator');
  } catch {
    return false;
  }
});
const killedAt = performance.now();
process.kill(Number(pid), 'SIGKILL');
const result = await ingest;
console.log(
  `ingest of ${ROWS} rows, emulator SIGKILLed after ${ROWS / 5}: exit ${result.code}, ${((performance.now() - killedAt) / 1000).toFixed(1)} s from the kill to the exit, ` +
    `${result.stderr.trim().split('\n').length} lines on stderr, ${result.stdout.trim() ? result.stdout.trim().split('\n').length : 0} on stdout\n${result.stderr}`,
);
await emulator.stop();
