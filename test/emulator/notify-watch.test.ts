// `agentver watch` notifies: a rollback it does not apply reaches the watch_decision webhooks once,
// signed, with its evidence; with --apply the rollback is a label move (label_move webhooks) and
// nobody is asked for anything.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import {
  type Connection,
  createAgent,
  editAgent,
  type LabelMoveNotice,
  releaseLabel,
  runQuery,
  startCanary,
  type WatchDecisionNotice,
  type Webhook,
} from 'agentver';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CliIo } from '../../src/cli/io.js';
import { runCli } from '../../src/cli/program.js';
import { mulberry32 } from '../../src/demo/seeded-random.js';
import type { CliRun } from './cli-harness.js';
import { createTestConnection } from './test-connection.js';
import { type Receiver, signatureIsValid, startReceiver } from './webhook-receiver.js';

const SECRET = 'watch-secret-42';
let conn: Connection;
let global: string[];
let dir: string;
let receiver: Receiver;

async function cli(args: string[]): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const io: CliIo = {
    stdout: (text) => {
      stdout += `${text}\n`;
    },
    stderr: (text) => {
      stderr += `${text}\n`;
    },
    readStdin: async () => Buffer.from(''),
    openStdin: () => Readable.from(['']),
    isInteractive: false,
    confirm: async () => false,
    env: { WATCH_HOOK_SECRET: SECRET },
    cwd: dir,
  };
  const code = await runCli([...args, ...global], io);
  return { code, stdout, stderr, json: () => JSON.parse(stdout) };
}

async function addHook(path: string, events: string): Promise<Webhook> {
  const run = await cli(['notify', 'add', receiver.url(path), '--secret-env', 'WATCH_HOOK_SECRET', '--events', events, '--format', 'json']);
  expect(run.code, run.stderr).toBe(0);
  return run.json() as Webhook;
}

beforeAll(async () => {
  conn = await createTestConnection('notify_watch');
  dir = mkdtempSync(join(tmpdir(), 'agentver-notify-watch-'));
  global = ['--emulator-host', conn.emulatorHost as string, '--project', conn.projectId, '--dataset', conn.datasetId, '--author', 'oncall'];
  expect((await cli(['init'])).code).toBe(0);
  receiver = await startReceiver();
  // one canary whose candidate resolves far fewer tickets: watch decides rollback
  const config = { name: 'w', system_prompt: 'Sort tickets.', model: 'gpt-4.1' };
  await createAgent(conn, 'harmful', config, { author: 'test', message: 'first' });
  await editAgent(conn, 'harmful', { config: { ...config, system_prompt: 'Sort tickets fast.' } }, { author: 'test', message: 'worse' });
  await releaseLabel(conn, { agentId: 'harmful', label: 'production', version: 1, author: 'test' });
  const { release } = await startCanary(conn, { agentId: 'harmful', label: 'production', version: 2, percent: 20, author: 'test' });
  const next = mulberry32(7);
  const rows = Array.from({ length: 600 }, (_, i) => {
    const arm = i % 5 === 0 ? 'candidate' : 'baseline';
    const startedAt = new Date(Date.parse(release.createdAt) + 1000 + i * 1000).toISOString();
    return {
      execution_id: `harmful-${i}`,
      agent_id: 'harmful',
      agent_version_id: `harmful@${arm === 'candidate' ? 2 : 1}`,
      status: 'succeeded',
      resolution: next() < (arm === 'candidate' ? 0.3 : 0.8) ? 'resolved' : 'escalated',
      cost_usd: 0.01,
      started_at: startedAt,
      recorded_at: startedAt,
      release_label: 'production',
      release_number: release.releaseNumber,
      arm,
      assignment_unit: `ticket-${i}`,
    };
  });
  await conn.bigquery.dataset(conn.datasetId).table('task_executions').insert(rows);
  const built = await cli(['models', 'run']);
  expect(built.code, built.stderr).toBe(0);
}, 240_000);

afterAll(async () => {
  await receiver?.close();
});

describe('watch notifies', () => {
  it('a rollback not applied: one signed watch_decision with its evidence; then --apply: one label move, no decision', async () => {
    const decisionsHook = await addHook('/decisions', 'watch_decision');
    const watched = await cli(['watch', '--format', 'json']);
    expect(watched.code, watched.stderr).toBe(4);
    expect(watched.stderr).toBe('');
    const { request_id: requestId } = watched.json() as { request_id: string };

    expect(receiver.received).toHaveLength(1);
    const [request] = receiver.received;
    expect(request?.path).toBe('/decisions');
    expect(request?.headers['x-agentver-event']).toBe('watch_decision');
    expect(signatureIsValid(request as never, SECRET)).toBe(true);
    const notice = JSON.parse(request?.body as string) as WatchDecisionNotice;
    expect(notice).toMatchObject({
      event: 'watch_decision',
      event_id: `${requestId}:harmful:production`,
      agent_id: 'harmful',
      label: 'production',
      release_number: 2,
      canary_release_number: 2,
      baseline_version: 1,
      candidate_version: 2,
      decision: 'rollback',
      applied: false,
      apply_note: 'not applied: run watch --apply, or agentver rollback harmful --label production --expected-release 2',
      watch_request_id: requestId,
      author: 'oncall',
      evidence: { units: { baseline: 480, candidate: 120 }, runs: { baseline: 480, candidate: 120 }, misassigned_units: 0 },
    });
    expect(notice.reason).toMatch(/^Roll back: resolution_rate is worse/);
    expect(notice.evidence.metrics[0]).toMatchObject({ metric: 'resolution_rate', role: 'primary', verdict: 'worse' });
    const { rows } = await runQuery(
      conn,
      "SELECT webhook_id, event, event_id, agent_id, release_number, is_delivered, n_attempts FROM {{dataset}}.notification_deliveries WHERE event = 'watch_decision'",
    );
    expect(rows).toEqual([
      {
        webhook_id: decisionsHook.webhookId,
        event: 'watch_decision',
        event_id: `${requestId}:harmful:production`,
        agent_id: 'harmful',
        release_number: 2,
        is_delivered: true,
        n_attempts: 1,
      },
    ]);

    receiver.clear();
    await addHook('/moves', 'label_move');
    const applied = await cli(['watch', '--apply', '--format', 'json']);
    expect(applied.code, applied.stderr).toBe(0);
    expect(receiver.received.map((r) => r.path)).toEqual(['/moves']);
    const move = JSON.parse(receiver.received[0]?.body as string) as LabelMoveNotice;
    expect(signatureIsValid(receiver.received[0] as never, SECRET)).toBe(true);
    expect(move).toMatchObject({
      event: 'label_move',
      agent_id: 'harmful',
      label: 'production',
      from: { release_number: 2, kind: 'canary' },
      to: { release_number: 3, kind: 'rollback', routes: [{ version: 1, arm: null, percent: 100 }] },
      author: 'oncall',
    });
    expect(move.message).toMatch(/^agentver watch watch-/);
  });
});
