// `agentver watch --apply` killed with -9 at random points: every label move a watch made has its
// release_decisions row (written before the move), and a rerun decides what was left.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Connection, createAgent, editAgent, releaseLabel, runQuery, startCanary } from 'agentver';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mulberry32 } from '../../src/demo/seeded-random.js';
import { type CliRun, runCliCaptured } from './cli-harness.js';
import { createTestConnection } from './test-connection.js';

const AGENTS = ['k1', 'k2', 'k3', 'k4', 'k5', 'k6'];
const binary = new URL('../../dist/cli/main.js', import.meta.url).pathname;

let raw: Connection;
let global: string[];
let dir: string;
const cli = (args: string[]): Promise<CliRun> => runCliCaptured([...args, ...global], { cwd: dir });
let killable: string[];
let proxy: Server;

/**
 * The killed watch talks to the emulator through this proxy, which reads each request whole and
 * then sends it on, finishing it whether or not its client is still there: a job BigQuery has
 * accepted runs to its end when the client dies. (The emulator itself can stall on a connection
 * cut in the middle of a request, which BigQuery's job model never sees.)
 */
async function startWholeRequestProxy(target: string): Promise<{ server: Server; host: string }> {
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const upstream = httpRequest(new URL(req.url ?? '/', target), { method: req.method, headers: req.headers }, (answer) => {
        const body: Buffer[] = [];
        answer.on('data', (chunk: Buffer) => body.push(chunk));
        answer.on('end', () => {
          if (res.destroyed) return;
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          res.end(Buffer.concat(body));
        });
      });
      upstream.on('error', () => {
        if (!res.destroyed) res.destroy();
      });
      upstream.end(Buffer.concat(chunks));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, host: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

beforeAll(async () => {
  raw = await createTestConnection('watch_kill');
  dir = mkdtempSync(join(tmpdir(), 'agentver-watch-kill-'));
  global = ['--emulator-host', raw.emulatorHost as string, '--project', raw.projectId, '--dataset', raw.datasetId, '--author', 'oncall'];
  expect((await cli(['init'])).code).toBe(0);
  const through = await startWholeRequestProxy(raw.emulatorHost as string);
  proxy = through.server;
  killable = ['--emulator-host', through.host, ...global.slice(2)];
  const next = mulberry32(5);
  const rows: Record<string, string | number>[] = [];
  for (const agentId of AGENTS) {
    const config = { name: agentId, system_prompt: 'Sort tickets.', model: 'gpt-4.1' };
    await createAgent(raw, agentId, config, { author: 'test', message: 'first' });
    await editAgent(raw, agentId, { config: { ...config, system_prompt: 'Sort tickets fast.' } }, { author: 'test', message: 'worse' });
    await releaseLabel(raw, { agentId, label: 'production', version: 1, author: 'test' });
    const { release } = await startCanary(raw, { agentId, label: 'production', version: 2, percent: 20, author: 'test' });
    for (let i = 0; i < 600; i++) {
      const arm = i % 5 === 0 ? 'candidate' : 'baseline';
      const startedAt = new Date(Date.parse(release.createdAt) + 1000 + i * 1000);
      rows.push({
        execution_id: `${agentId}-${i}`,
        agent_id: agentId,
        agent_version_id: `${agentId}@${arm === 'candidate' ? 2 : 1}`,
        status: 'succeeded',
        resolution: next() < (arm === 'candidate' ? 0.3 : 0.8) ? 'resolved' : 'escalated',
        cost_usd: 0.01,
        started_at: startedAt.toISOString(),
        recorded_at: startedAt.toISOString(),
        release_label: 'production',
        release_number: release.releaseNumber,
        arm,
        assignment_unit: `${agentId}-ticket-${i}`,
      });
    }
  }
  await raw.bigquery.dataset(raw.datasetId).table('task_executions').insert(rows);
  const built = await cli(['models', 'run']);
  expect(built.code, built.stderr).toBe(0);
}, 240_000);

afterAll(async () => {
  await new Promise((resolve) => proxy?.close(resolve));
});

/** Runs the built CLI's `watch` (with --apply unless told) and kills it with SIGKILL after `ms` (or lets it finish when ms is null). */
function watchApply(ms: number | null, apply = true): Promise<number | null> {
  return new Promise((resolve) => {
    const args = [binary, 'watch', ...(apply ? ['--apply'] : []), '--format', 'json', ...killable];
    const child: ChildProcess = spawn(process.execPath, args, { cwd: dir, stdio: 'ignore' });
    // an unkilled run still gets a bound, so a hung child fails the test instead of stalling it
    const timer = setTimeout(() => child.kill('SIGKILL'), ms ?? 90_000);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve(code);
    });
  });
}

/** The moves watch made (release rows whose request id a watch run derived) without a decision row of that run naming them. */
async function movesWithoutEvidence(): Promise<string[]> {
  const moves = await runQuery<{ agent_id: string; label: string; kind: string; request_id: string }>(
    raw,
    `SELECT agent_id, label, kind, request_id FROM {{dataset}}.agent_releases WHERE STARTS_WITH(request_id, 'watch-')`,
  );
  const decisions = await runQuery<{ agent_id: string; label: string; decision: string; request_id: string }>(
    raw,
    'SELECT agent_id, label, decision, request_id FROM {{dataset}}.release_decisions',
  );
  const evidence = new Set(decisions.rows.map((d) => `${d.request_id}:${d.agent_id}:${d.label}|${d.decision}`));
  return moves.rows.map((m) => `${m.request_id}|${m.kind}`).filter((move) => !evidence.has(move));
}

describe('watch --apply killed with -9', () => {
  it('leaves no move without its decision row at any kill point, and a rerun finishes the work', async () => {
    // How long a look at the six canaries takes here (start-up, reads, decisions, no moves): the kill
    // points start before the first move could be made and grow by a random part of it each time,
    // so on a fast or a loaded machine alike some land between the moves, until every canary moved.
    const started = Date.now();
    expect(await watchApply(null, false)).toBe(4);
    const look = Date.now() - started;
    const next = mulberry32(9);
    const kills: number[] = [];
    const progress: number[] = [];
    let ms = Math.round(0.8 * look);
    for (let attempt = 0; attempt < 12 && (progress.at(-1) ?? 0) < AGENTS.length; attempt++) {
      ms += Math.round(look * (0.2 + 0.4 * next()));
      kills.push(ms);
      await watchApply(ms);
      expect(await movesWithoutEvidence(), `after a kill at ${ms} ms`).toEqual([]);
      const moved = await runQuery<{ n: number }>(raw, `SELECT COUNT(*) AS n FROM {{dataset}}.agent_releases WHERE kind = 'rollback'`);
      progress.push(moved.rows[0]?.n ?? 0);
    }
    expect(await watchApply(null)).toBe(0);
    expect(await movesWithoutEvidence()).toEqual([]);
    const labels = await runQuery<{ agent_id: string; kind: string }>(
      raw,
      `SELECT agent_id, kind FROM {{dataset}}.agent_releases WHERE is_current AND label = 'production' ORDER BY agent_id`,
    );
    expect(labels.rows).toEqual(AGENTS.map((agent_id) => ({ agent_id, kind: 'rollback' })));
    // every move was made once: one rollback row per agent
    const moves = await runQuery<{ n: number }>(raw, `SELECT COUNT(*) AS n FROM {{dataset}}.agent_releases WHERE kind = 'rollback'`);
    expect(moves.rows).toEqual([{ n: AGENTS.length }]);
    // some killed run had moved a label before it died: the case a decision row must precede
    expect(
      progress.some((n, i) => n > (i === 0 ? 0 : (progress[i - 1] as number))),
      `kills ${kills}, moves ${progress}`,
    ).toBe(true);
  }, 300_000);
});
