// Notifications end to end on the emulator: webhooks added with `agentver notify`, a local
// receiver on 127.0.0.1 that checks every signature with node:crypto, label moves through the CLI
// and the library, retries, a receiver that is down, the outcome rows, bad input, and a dataset
// made before notifications existed.

import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { promisify } from 'node:util';
import {
  type Connection,
  configureNotifications,
  createAgent,
  editAgent,
  initStore,
  type LabelMoveNotice,
  releaseLabel,
  rollbackLabel,
  runQuery,
  startCanary,
  type Webhook,
} from 'agentver';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { CliIo } from '../../src/cli/io.js';
import { runCli } from '../../src/cli/program.js';
import type { CliRun } from './cli-harness.js';
import { createTestConnection } from './test-connection.js';
import { type Received, type Receiver, signatureIsValid, startReceiver } from './webhook-receiver.js';

const SECRET = 'test-secret-0123456789abcdef';
const ENV = { AGENTVER_TEST_SECRET: SECRET };

let conn: Connection;
let global: string[];
let dir: string;
let receiver: Receiver;

/** The CLI in-process with `env` as its environment (where the signing secret is read). */
async function cli(args: string[], env: Record<string, string> = ENV, target: string[] = global): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const io: CliIo = {
    stdout: (text) => {
      stdout += text.endsWith('\n') ? text : `${text}\n`;
    },
    stderr: (text) => {
      stderr += text.endsWith('\n') ? text : `${text}\n`;
    },
    readStdin: async () => Buffer.from(''),
    openStdin: () => Readable.from(['']),
    isInteractive: false,
    confirm: async () => false,
    env,
    cwd: dir,
  };
  const code = await runCli([...args, ...target], io);
  return { code, stdout, stderr, json: () => JSON.parse(stdout) };
}

async function addHook(path: string, extra: string[] = []): Promise<Webhook> {
  const run = await cli(['notify', 'add', receiver.url(path), '--secret-env', 'AGENTVER_TEST_SECRET', ...extra, '--format', 'json']);
  expect(run.code, run.stderr).toBe(0);
  return run.json() as Webhook;
}

async function removeAllHooks(): Promise<void> {
  const list = (await cli(['notify', 'list', '--format', 'json'])).json() as Webhook[];
  for (const hook of list) expect((await cli(['notify', 'remove', hook.webhookId])).code).toBe(0);
}

async function agentWithVersions(agentId: string, n: number): Promise<void> {
  const config = { name: agentId, system_prompt: 'Sort tickets.', model: 'gpt-4.1', temperature: 0.1 };
  await createAgent(conn, agentId, config, { author: 'test', message: 'v1' });
  for (let v = 2; v <= n; v++)
    await editAgent(conn, agentId, { config: { ...config, temperature: v / 10 } }, { author: 'test', message: `v${v}` });
}

interface DeliveryRow {
  webhook_id: string;
  event: string;
  event_id: string;
  agent_id: string | null;
  label: string | null;
  release_number: number | null;
  is_delivered: boolean;
  http_status: number | null;
  n_attempts: number;
  error: string | null;
}

async function deliveries(where: string, params: Record<string, string>): Promise<DeliveryRow[]> {
  const { rows } = await runQuery<DeliveryRow & Record<string, unknown>>(
    conn,
    `SELECT webhook_id, event, event_id, agent_id, label, release_number, is_delivered, http_status, n_attempts, error
     FROM {{dataset}}.notification_deliveries WHERE ${where} ORDER BY release_number, started_at`,
    Object.fromEntries(Object.entries(params).map(([k, v]) => [k, { type: 'STRING' as const, value: v }])),
  );
  return rows;
}

const bodies = (received: Received[]) => received.map((r) => JSON.parse(r.body) as LabelMoveNotice);

/** A closed port on 127.0.0.1: a receiver that is down. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

beforeAll(async () => {
  conn = await createTestConnection('notify');
  dir = mkdtempSync(join(tmpdir(), 'agentver-notify-'));
  global = ['--emulator-host', conn.emulatorHost as string, '--project', conn.projectId, '--dataset', conn.datasetId, '--author', 'oncall'];
  const init = await cli(['init', '--format', 'json']);
  expect(init.code, init.stderr).toBe(0);
  expect((init.json() as { tablesCreated: string[] }).tablesCreated).toEqual(
    expect.arrayContaining(['notification_webhooks', 'notification_deliveries']),
  );
  receiver = await startReceiver();
});

afterAll(async () => {
  await receiver?.close();
});

beforeEach(async () => {
  await removeAllHooks();
  receiver.clear();
});

describe('a label move notifies each webhook once, signed', () => {
  it('via the CLI: a release, a canary start and a rollback, each one JSON body with a valid signature and an outcome row', async () => {
    await agentWithVersions('cli_agent', 2);
    const hook = await addHook('/json');
    expect(hook).toMatchObject({
      payloadFormat: 'json',
      events: ['label_move', 'watch_decision'],
      secretEnv: 'AGENTVER_TEST_SECRET',
      createdBy: 'oncall',
    });
    expect(hook.webhookId).toMatch(/^wh_[0-9a-f]{8}$/);

    for (const args of [
      ['release', 'cli_agent', '1', '--label', 'production', '-m', 'known good'],
      ['canary', 'cli_agent', '2', '--label', 'production', '--percent', '10'],
      ['rollback', 'cli_agent', '--label', 'production', '-m', 'errors up'],
    ]) {
      const run = await cli(args);
      expect(run.code, run.stderr).toBe(0);
      expect(run.stderr).toBe('');
    }

    expect(receiver.received).toHaveLength(3);
    for (const request of receiver.received) {
      expect(request.path).toBe('/json');
      expect(signatureIsValid(request, SECRET)).toBe(true);
      expect(signatureIsValid(request, 'another secret')).toBe(false);
      expect(signatureIsValid({ ...request, body: request.body.replace('cli_agent', 'cli_agenT') }, SECRET)).toBe(false);
      expect(request.headers['x-agentver-event']).toBe('label_move');
      expect(request.headers['content-type']).toBe('application/json; charset=utf-8');
    }
    const [released, canary, rolledBack] = bodies(receiver.received);
    expect(released).toMatchObject({
      event: 'label_move',
      dataset: `${conn.projectId}.${conn.datasetId}`,
      agent_id: 'cli_agent',
      label: 'production',
      from: null,
      to: { release_number: 1, kind: 'release', routes: [{ version: 1, arm: null, percent: 100 }] },
      author: 'oncall',
      message: 'known good',
    });
    expect(canary).toMatchObject({
      from: { release_number: 1, kind: 'release' },
      to: {
        release_number: 2,
        kind: 'canary',
        routes: [
          { version: 1, arm: 'baseline', percent: 90 },
          { version: 2, arm: 'candidate', percent: 10 },
        ],
      },
    });
    expect(canary?.summary).toBe(
      'production of cli_agent → release 2 (canary): version 1 at 90% (baseline), version 2 at 10% (candidate); was release 1 (release): version 1 at 100%',
    );
    expect(rolledBack).toMatchObject({
      from: { release_number: 2, kind: 'canary' },
      to: { release_number: 3, kind: 'rollback', routes: [{ version: 1, arm: null, percent: 100 }] },
      message: 'errors up',
    });

    const rows = await deliveries('agent_id = @agent', { agent: 'cli_agent' });
    expect(rows).toEqual(
      [1, 2, 3].map((releaseNumber, i) => ({
        webhook_id: hook.webhookId,
        event: 'label_move',
        event_id: bodies(receiver.received)[i]?.event_id,
        agent_id: 'cli_agent',
        label: 'production',
        release_number: releaseNumber,
        is_delivered: true,
        http_status: 200,
        n_attempts: 1,
        error: null,
      })),
    );
  });

  it('via the library: the same three moves, the secret from the environment configureNotifications names', async () => {
    await agentWithVersions('lib_agent', 2);
    await addHook('/lib');
    const warnings: string[] = [];
    const restore = configureNotifications({ env: ENV, warn: (line) => warnings.push(line) });
    try {
      await releaseLabel(conn, { agentId: 'lib_agent', label: 'production', version: 1, author: 'lib' });
      await startCanary(conn, { agentId: 'lib_agent', label: 'production', version: 2, percent: 25, author: 'lib' });
      const { release } = await rollbackLabel(conn, {
        agentId: 'lib_agent',
        label: 'production',
        author: 'lib',
        requestId: 'lib-rollback-1',
      });
      // a retry of the same request writes nothing and notifies nothing
      const again = await rollbackLabel(conn, { agentId: 'lib_agent', label: 'production', author: 'lib', requestId: 'lib-rollback-1' });
      expect(again).toMatchObject({ replayed: true, release: { releaseNumber: release.releaseNumber } });
    } finally {
      restore();
    }
    expect(warnings).toEqual([]);
    expect(receiver.received).toHaveLength(3);
    expect(receiver.received.every((r) => signatureIsValid(r, SECRET))).toBe(true);
    expect(bodies(receiver.received).map((b) => [b.to.kind, b.to.release_number, b.author])).toEqual([
      ['release', 1, 'lib'],
      ['canary', 2, 'lib'],
      ['rollback', 3, 'lib'],
    ]);
    expect(bodies(receiver.received)[2]?.event_id).toBe('lib-rollback-1');
  });

  it('slack format: {"text": …} with the move in words; each webhook gets its own body, only for its events', async () => {
    await agentWithVersions('slack_agent', 1);
    await addHook('/json');
    await addHook('/slack', ['--payload', 'slack', '--events', 'label_move']);
    await addHook('/watch-only', ['--events', 'watch_decision']);
    const run = await cli(['release', 'slack_agent', '1', '--label', 'staging', '-m', 'try <this> & see']);
    expect(run.code, run.stderr).toBe(0);
    expect(receiver.received.map((r) => r.path).sort()).toEqual(['/json', '/slack']);
    const slack = receiver.received.find((r) => r.path === '/slack') as Received;
    expect(signatureIsValid(slack, SECRET)).toBe(true);
    const body = JSON.parse(slack.body) as Record<string, string>;
    expect(Object.keys(body)).toEqual(['text']);
    expect(body.text).toContain('*agentver* · `slack_agent` · label `staging` → release 1 (release)');
    expect(body.text).toContain('now: version 1 at 100%');
    expect(body.text).toContain('by oncall: try &lt;this&gt; &amp; see');
  });
});

describe('retries and failures never undo a move', () => {
  it('a receiver that fails twice (503, then 500) gets it on the third attempt; the outcome row says 3 attempts', async () => {
    await agentWithVersions('flaky_agent', 1);
    const hook = await addHook('/flaky');
    receiver.plan('/flaky', [503, 500]);
    const run = await cli(['release', 'flaky_agent', '1', '--label', 'production']);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toBe('');
    expect(receiver.received).toHaveLength(3);
    expect(receiver.received.every((r) => signatureIsValid(r, SECRET))).toBe(true);
    // one delivery: the same body and delivery id on every attempt
    expect(new Set(receiver.received.map((r) => r.body)).size).toBe(1);
    expect(new Set(receiver.received.map((r) => r.headers['x-agentver-delivery'])).size).toBe(1);
    expect(await deliveries('agent_id = @agent', { agent: 'flaky_agent' })).toEqual([
      expect.objectContaining({ webhook_id: hook.webhookId, is_delivered: true, http_status: 200, n_attempts: 3, error: null }),
    ]);
  });

  it('a receiver that is down: exit 0, the label moved, a warning, the outcome recorded as failed, within 10 s', async () => {
    await agentWithVersions('down_agent', 1);
    const port = await closedPort();
    const add = await cli([
      ...['notify', 'add', `http://127.0.0.1:${port}/hook`, '--secret-env', 'AGENTVER_TEST_SECRET', '--format', 'json'],
    ]);
    const hook = add.json() as Webhook;
    const started = Date.now();
    const run = await cli(['release', 'down_agent', '1', '--label', 'production', '--format', 'json']);
    const elapsed = Date.now() - started;
    expect(run.code).toBe(0);
    expect(run.json()).toMatchObject({ release: { releaseNumber: 1, kind: 'release' } });
    expect(elapsed).toBeLessThan(11_000);
    expect(run.stderr).toMatch(
      new RegExp(
        `^warning: webhook ${hook.webhookId} was not notified of label_move of production of down_agent \\(release 1\\) after \\d attempts: .*ECONNREFUSED.*; what was done stands\\n$`,
      ),
    );
    const labels = await cli(['labels', 'down_agent', '--format', 'json']);
    expect(labels.json()).toMatchObject({ labels: [{ label: 'production', releaseNumber: 1 }] });
    const [row] = await deliveries('agent_id = @agent', { agent: 'down_agent' });
    expect(row).toMatchObject({
      webhook_id: hook.webhookId,
      is_delivered: false,
      http_status: null,
      error: expect.stringContaining('ECONNREFUSED'),
    });
    expect(row?.n_attempts).toBeGreaterThanOrEqual(3);

    // notify test says so too, and exits 1 (here with a shorter deadline, to keep the test short)
    const restore = configureNotifications({ retry: { deadlineMs: 1_000, maxAttempts: 5, baseDelayMs: 100, attemptTimeoutMs: 500 } });
    const test = await cli(['notify', 'test', hook.webhookId, '--format', 'json']).finally(restore);
    expect(test.code).toBe(1);
    expect(test.json()).toMatchObject({ event: 'test', delivered: false, httpStatus: null });
  }, 30_000);

  it('a secret not set where the move runs: nothing is sent (never unsigned), a warning, a row with 0 attempts', async () => {
    await agentWithVersions('nosecret_agent', 1);
    const hook = await addHook('/json');
    const run = await cli(['release', 'nosecret_agent', '1', '--label', 'production'], {});
    expect(run.code).toBe(0);
    expect(run.stderr).toContain(`warning: webhook ${hook.webhookId} was not notified`);
    expect(run.stderr).toContain('environment variable AGENTVER_TEST_SECRET is not set in this process');
    expect(receiver.received).toHaveLength(0);
    expect(await deliveries('agent_id = @agent', { agent: 'nosecret_agent' })).toEqual([
      expect.objectContaining({ is_delivered: false, n_attempts: 0, http_status: null }),
    ]);
  });
});

describe('agentver notify', () => {
  it('list, test and remove; a removed webhook gets nothing more', async () => {
    await agentWithVersions('admin_agent', 1);
    const hook = await addHook('/admin', ['--payload', 'slack']);
    const list = await cli(['notify', 'list']);
    expect(list.stdout).toMatch(
      new RegExp(
        `${hook.webhookId} +${receiver.url('/admin').replace(/[.]/g, '\\.')} +slack +label_move,watch_decision +AGENTVER_TEST_SECRET `,
      ),
    );
    const listed = (await cli(['notify', 'list', '--format', 'json'], {})).json() as Array<Webhook & { secretSetHere: boolean }>;
    expect(listed).toEqual([expect.objectContaining({ webhookId: hook.webhookId, secretSetHere: false })]);

    const test = await cli(['notify', 'test', hook.webhookId]);
    expect(test.code, test.stderr).toBe(0);
    expect(test.stdout).toMatch(/^delivered to http:\/\/127\.0\.0\.1:\d+\/admin: HTTP 200 after 1 attempt/);
    expect(receiver.received).toHaveLength(1);
    expect(signatureIsValid(receiver.received[0] as Received, SECRET)).toBe(true);
    expect(receiver.received[0]?.headers['x-agentver-event']).toBe('test');
    expect(await deliveries("event = 'test' AND webhook_id = @id", { id: hook.webhookId })).toHaveLength(1);

    const removed = await cli(['notify', 'remove', hook.webhookId, '--format', 'json']);
    expect(removed.json()).toMatchObject({ removed: true, webhook: { webhookId: hook.webhookId, removedBy: 'oncall' } });
    const again = await cli(['notify', 'remove', hook.webhookId, '--format', 'json']);
    expect(again.json()).toMatchObject({ removed: false });
    expect((await cli(['notify', 'list', '--format', 'json'])).json()).toEqual([]);
    expect((await cli(['notify', 'list', '--all', '--format', 'json'])).json()).toEqual(
      expect.arrayContaining([expect.objectContaining({ webhookId: hook.webhookId, removedAt: expect.any(String) })]),
    );
    expect((await cli(['notify', 'test', hook.webhookId])).code).toBe(1);
    expect((await cli(['notify', 'remove', 'wh_00000000'])).code).toBe(1);

    receiver.clear();
    expect((await cli(['release', 'admin_agent', '1', '--label', 'production'])).code).toBe(0);
    expect(receiver.received).toHaveLength(0);
  });

  it('bad input exits 2, names the field and the rule, and writes nothing', async () => {
    const count = async () =>
      Number((await runQuery<{ n: number }>(conn, 'SELECT COUNT(*) AS n FROM {{dataset}}.notification_webhooks')).rows[0]?.n);
    const before = await count();
    const cases: Array<[string[], string, RegExp]> = [
      [['notify', 'add', 'http://hooks.example.com/x', '--secret-env', 'S'], '<url>', /must use https/],
      [['notify', 'add', 'not a url', '--secret-env', 'S'], '<url>', /must be an absolute URL/],
      [['notify', 'add', 'ftp://127.0.0.1/x', '--secret-env', 'S'], '<url>', /must use https/],
      [['notify', 'add', 'https://user:pw@hooks.example.com/x', '--secret-env', 'S'], '<url>', /must not hold a user or password/],
      [['notify', 'add', 'https://hooks.example.com/x', '--secret-env', '1BAD-NAME'], '--secret-env', /environment variable name/],
      [['notify', 'add', 'https://hooks.example.com/x', '--secret-env', 'S', '--payload', 'xml'], '--payload', /must be json or slack/],
      [
        ['notify', 'add', 'https://hooks.example.com/x', '--secret-env', 'S', '--events', 'label_move,deploy'],
        '--events',
        /must be label_move or watch_decision/,
      ],
      [['notify', 'remove', 'webhook-1'], '<id>', /must be a webhook id like wh_1a2b3c4d/],
      [['notify', 'test', 'x'], '<id>', /must be a webhook id/],
    ];
    for (const [args, field, rule] of cases) {
      const run = await cli([...args, '--format', 'json']);
      expect(run.code, args.join(' ')).toBe(2);
      const { error } = run.json() as { error: { code: string; problems: Array<{ field: string; rule: string }> } };
      expect(error.code).toBe('invalid_input');
      expect(error.problems).toEqual([expect.objectContaining({ field, rule: expect.stringMatching(rule) })]);
    }
    const missing = await cli(['notify', 'add', 'https://hooks.example.com/x']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("required option '--secret-env <name>' not specified");
    // http to this machine is allowed, as in every test above
    expect(await count()).toBe(before);
  });
});

describe('help and the built binary', () => {
  it('teaches notify, and the binary notifies with the secret from its environment', async () => {
    const help = await cli(['notify', '--help']);
    expect(help.code).toBe(0);
    for (const text of [
      'X-Agentver-Signature: sha256=HMAC-SHA256',
      'retried for up to 10 s',
      'docs/notifications.md',
      'agentver notify add https://',
    ]) {
      expect(help.stdout).toContain(text);
    }
    const addHelp = await cli(['notify', 'add', '--help']);
    expect(addHelp.stdout).toContain('--payload <format>');
    expect(addHelp.stdout).toContain('(default: json)');

    await agentWithVersions('binary_agent', 1);
    await addHook('/binary');
    const binary = new URL('../../dist/cli/main.js', import.meta.url).pathname;
    const { stdout, stderr } = await promisify(execFile)(
      process.execPath,
      [binary, 'release', 'binary_agent', '1', '--label', 'production', '--format', 'json', ...global],
      { cwd: dir, env: { ...process.env, AGENTVER_TEST_SECRET: SECRET } },
    );
    expect(stderr).toBe('');
    expect(JSON.parse(stdout)).toMatchObject({ release: { releaseNumber: 1 } });
    expect(receiver.received).toHaveLength(1);
    expect(signatureIsValid(receiver.received[0] as Received, SECRET)).toBe(true);
  });
});

describe('a dataset made before notifications', () => {
  it('moves as before: no notifications, one hint a process', async () => {
    const old = await createTestConnection('notify_old');
    await initStore(old, ['agent_configs', 'agent_releases']);
    const target = [
      '--emulator-host',
      old.emulatorHost as string,
      '--project',
      old.projectId,
      '--dataset',
      old.datasetId,
      '--author',
      'oncall',
    ];
    await createAgent(old, 'old_agent', { name: 'o', system_prompt: 'p', model: 'm' }, { author: 't', message: 'v1' });
    await editAgent(old, 'old_agent', { config: { name: 'o', system_prompt: 'p2', model: 'm' } }, { author: 't', message: 'v2' });
    const first = await cli(['release', 'old_agent', '1', '--label', 'production'], ENV, target);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stderr).toBe(
      `hint: no notifications: dataset ${old.projectId}.${old.datasetId} has no notification_webhooks table yet; run agentver init to add it (docs/notifications.md)\n`,
    );
    const second = await cli(['canary', 'old_agent', '2', '--label', 'production', '--percent', '10'], ENV, target);
    expect(second.code).toBe(0);
    expect(second.stderr).toBe('');
    expect(receiver.received).toHaveLength(0);
  });
});
