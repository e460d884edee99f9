// The web page in-process (app.request, no socket) against the emulator: every page and action,
// the conflict path, CSRF and same-origin refusals, the auth modes and the bind refusal.
import { spawn } from 'node:child_process';
import { generateKeyPairSync, sign } from 'node:crypto';
import { once } from 'node:events';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Connection } from '../../src/bigquery/connection.js';
import { createAgent, editAgent } from '../../src/store/agent-writes.js';
import { initStore } from '../../src/store/init-store.js';
import { listHistory } from '../../src/store/read-versions.js';
import { createBackend } from '../../src/ui/backend.js';
import { type AuthMode, createUiApp } from '../../src/ui/create-app.js';
import { startUiServer } from '../../src/ui/start-ui-server.js';
import { runCliCaptured } from './cli-harness.js';
import { countQueries } from './count-queries.js';
import { createTestConnection } from './test-connection.js';
import { createMarts, writeDailyMetrics, XSS_PROMPT } from './ui-fixtures.js';
import { PageClient } from './ui-harness.js';

let store: Connection;
let marts: Connection;
let counted: ReturnType<typeof countQueries>;
let countedMarts: ReturnType<typeof countQueries>;
/** BigQuery queries so far, on the config store and the marts. */
const queries = () => counted.count() + countedMarts.count();

function app(auth: AuthMode = { kind: 'none' }, pageSize = 50) {
  return createUiApp({
    backend: createBackend({ store: async () => counted.connection, marts: async () => countedMarts.connection }),
    auth,
    author: 'tester@acme.dev',
    backendLabel: () => `emulator, dataset ${store.datasetId}`,
    pageSize,
  });
}

async function versionsOf(agentId: string) {
  return listHistory(store, agentId);
}

beforeAll(async () => {
  store = await createTestConnection('ui');
  await initStore(store);
  counted = countQueries(store);
  marts = await createMarts(store);
  countedMarts = countQueries(marts);
  await createAgent(
    store,
    'triage',
    {
      name: 'Support triage',
      system_prompt: 'Resolve tickets.\nEscalate refunds.\nBe kind.',
      model: 'gpt-4.1',
      temperature: 0.3,
      tools: ['read_tickets'],
    },
    { author: 'ann@acme.dev', message: 'first version' },
  );
  await editAgent(
    store,
    'triage',
    { patch: { systemPrompt: XSS_PROMPT } },
    { author: 'mallory', message: '<b>bold</b> <img src=x onerror=alert(2)>' },
  );
  await editAgent(
    store,
    'triage',
    { patch: { set: { temperature: 0.6, 'extra.note': '<script>alert(3)</script>' }, addTools: ['send_email'] } },
    { author: 'bob@acme.dev', message: 'warmer, can email' },
  );
  await createAgent(
    store,
    'billing_bot',
    { name: 'Billing', system_prompt: 'Bill.', model: 'gpt-4.1-mini' },
    { author: 'cy', message: 'hello' },
  );
  await createAgent(store, 'long', { name: 'Long', system_prompt: 'v1', model: 'm' }, { author: 'a', message: 'v1' });
  for (let version = 2; version <= 7; version++) {
    await editAgent(store, 'long', { patch: { systemPrompt: `v${version}` } }, { author: 'a', message: `v${version}` });
  }
  // Version 1 resolved 72% of 500 runs, version 2 58% of 500, version 3 70% of 400.
  await writeDailyMetrics(marts, 'triage', 1, '2026-11-01', { n_runs: 500, n_resolved: 360, n_succeeded: 500 });
  await writeDailyMetrics(marts, 'triage', 2, '2026-11-03', { n_runs: 500, n_resolved: 290, n_succeeded: 490, n_errors: 10 });
  await writeDailyMetrics(marts, 'triage', 3, '2026-11-05', { n_runs: 400, n_resolved: 280, n_succeeded: 400 });
});

describe('pages', () => {
  it('agents: every agent with its latest version and last change, searchable by id, in one query', async () => {
    const client = new PageClient(app());
    const before = queries();
    const page = await client.get('/agents');
    expect(queries() - before).toBe(1);
    expect(page.status).toBe(200);
    expect(page.text).toContain('href="/agents/triage"');
    expect(page.text).toMatch(/@3[\s\S]*gpt-4\.1[\s\S]*bob@acme\.dev[\s\S]*warmer, can email/);
    expect(page.text).toContain('billing_bot');
    const search = await client.get('/agents?q=BILL');
    expect(search.text).toContain('billing_bot');
    expect(search.text).not.toContain('href="/agents/triage"');
    expect((await client.get('/agents?q=nobody')).text).toContain('No agent id contains &quot;nobody&quot;.');
  });

  it('agent: the history newest first with author, time, message and marks, in three queries (history, labels, decisions)', async () => {
    const client = new PageClient(app());
    const before = queries();
    const page = await client.get('/agents/triage');
    expect(queries() - before).toBe(3);
    const order = ['id="v3"', 'id="v2"', 'id="v1"'].map((id) => page.text.indexOf(id));
    expect(order.every((at, i) => at > 0 && (i === 0 || at > (order[i - 1] as number)))).toBe(true);
    expect(page.text).toContain('<span class="mark latest">latest</span>');
    expect(page.text).toContain('/agents/triage/rollback?to=1&amp;expected=3');
    expect(page.text).not.toContain('/agents/triage/rollback?to=3&amp;');
    // A message is text, never markup.
    expect(page.text).toContain('&lt;b&gt;bold&lt;/b&gt; &lt;img src=x onerror=alert(2)&gt;');
    expect(page.text).not.toContain('<img src=x');
  });

  it('agent: pages through a long history by version (keyset), without overlap', async () => {
    const client = new PageClient(app({ kind: 'none' }, 3));
    const first = await client.get('/agents/long');
    const versions = (text: string) => [...text.matchAll(/<tr id="v(\d+)"/g)].map((match) => Number(match[1]));
    expect(versions(first.text)).toEqual([7, 6, 5]);
    expect(first.text).toContain('href="/agents/long?before=5"');
    const second = await client.get('/agents/long?before=5');
    expect(versions(second.text)).toEqual([4, 3, 2]);
    // Rollback links on older pages still carry the live version.
    expect(second.text).toContain('/agents/long/rollback?to=2&amp;expected=7');
    const last = await client.get('/agents/long?before=2');
    expect(versions(last.text)).toEqual([1]);
    expect(last.text).not.toContain('rel="next"');
    const bad = await client.get('/agents/long?before=zero');
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('before');
  });

  it('diff: two ticked versions give the grouped field diff with the word-level prompt diff and line numbers', async () => {
    const client = new PageClient(app());
    const before = queries();
    const page = await client.get('/agents/triage/diff?v=3&v=1');
    expect(queries() - before).toBe(1);
    expect(page.status).toBe(200);
    expect(page.text).toContain('@1 → @3');
    expect(page.text).toMatch(/<h3>behavior<\/h3>[\s\S]*<code>system_prompt<\/code> changed at line 2/);
    expect(page.text).toContain('<del>Escalate</del><ins>&lt;script&gt;alert(1)&lt;/script&gt;</ins> <del>refunds.</del>');
    expect(page.text).toMatch(/<td class="ln">3<\/td><td class="ln">3<\/td><td class="code">Be kind\.<\/td>/);
    expect(page.text).toMatch(/<code>temperature<\/code> <del>0\.3<\/del> → <ins>0\.6<\/ins>/);
    expect(page.text).toContain('<ins>+ send_email</ins>');
    expect(page.text).toContain(
      '<code>extra.note</code> <del class="placeholder">(absent)</del> → <ins>&quot;&lt;script&gt;alert(3)&lt;/script&gt;&quot;</ins>',
    );
    expect(page.text).not.toMatch(/<script>alert|<img src=x/);
    // The newer side is live, so the older one can be rolled back to from here.
    expect(page.text).toContain('/agents/triage/rollback?to=1&amp;expected=3');
    const one = await client.get('/agents/triage/diff?v=3');
    expect(one.status).toBe(400);
    expect(one.text).toContain('tick exactly two versions to compare');
  });

  it('blame: the last change of each field, and every change of one field', async () => {
    const client = new PageClient(app());
    const before = queries();
    const page = await client.get('/agents/triage/blame');
    expect(queries() - before).toBe(2);
    expect(page.text).toMatch(/<code>temperature<\/code><\/a><\/td>\s*<td class="num">@3[\s\S]*?bob@acme\.dev/);
    expect(page.text).toMatch(/<code>system_prompt<\/code><\/a><\/td>\s*<td class="num">@2[\s\S]*?mallory/);
    const field = await client.get('/agents/triage/blame?field=system_prompt');
    expect([...field.text.matchAll(/<td class="num">@(\d)/g)].map((match) => match[1])).toEqual(['2', '1']);
    const bad = await client.get('/agents/triage/blame?field=colour');
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('<code class="code">invalid_input</code> invalid blame: field: must be one of');
  });

  it('metrics: per-version values, the comparison and charts, filtered by version and dates', async () => {
    const client = new PageClient(app());
    const before = queries();
    const page = await client.get('/agents/triage/metrics');
    expect(queries() - before).toBe(4); // the agent, its versions' sums, their grade metrics' sums, the canaries that served the pair
    expect(page.status).toBe(200);
    expect(page.text).toContain('triage@3 vs triage@2');
    expect(page.text).toContain('<svg');
    expect(page.text).toMatch(/triage@1[\s\S]*72\.0%/);
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    const filtered = await client.get('/agents/triage/metrics?fromVersion=1&toVersion=2&since=2026-11-01&until=2026-11-04');
    expect(filtered.text).toContain('triage@2 vs triage@1');
    expect(filtered.text).not.toContain('triage@3');
    expect(filtered.text).toContain('value="2026-11-04"');
    const reversed = await client.get('/agents/triage/metrics?fromVersion=3&toVersion=1');
    expect(reversed.status).toBe(400);
    expect(reversed.text).toContain('fromVersion: is after toVersion');
    const badDate = await client.get('/agents/triage/metrics?since=yesterday');
    expect(badDate.text).toContain('since: must be a date like 2026-11-01');
  });

  it('the report stylesheet and the script are files of this server', async () => {
    const client = new PageClient(app());
    const css = await client.get('/assets/report.css');
    expect(css.headers.get('content-type')).toContain('text/css');
    expect(css.text).toContain('.verdict');
    expect((await client.get('/assets/ui.js')).headers.get('content-type')).toContain('javascript');
    expect((await client.get('/assets/nope.js')).status).toBe(404);
  });

  it('errors show the CLI code, message and hint, never a stack trace', async () => {
    const client = new PageClient(app());
    const page = await client.get('/agents/nobody');
    expect(page.status).toBe(404);
    expect(page.text).toContain('<code class="code">not_found</code> agent nobody does not exist');
    expect(page.text).toContain('hint: List agents with agentver list');
    const cli = await runCliCaptured(
      [
        'history',
        'nobody',
        '--format',
        'json',
        '--emulator-host',
        store.emulatorHost as string,
        '--project',
        store.projectId,
        '--dataset',
        store.datasetId,
      ],
      { cwd: mkdtempSync(join(tmpdir(), 'agentver-ui-')) },
    );
    expect(page.text).toContain((cli.json() as { error: { message: string } }).error.message);
    const badId = await client.get('/agents/Bad%20Id');
    expect(badId.status).toBe(400);
    expect(badId.text).toContain('agent_id');
    expect(page.text + badId.text).not.toMatch(/\n\s+at \S+ \(/);
  });
});

describe('rollback', () => {
  it('confirm shows the diff from what is live to the target; one click writes the copy, guarded by the version shown', async () => {
    const client = new PageClient(app());
    const viewed = queries();
    const confirm = await client.get('/agents/triage/rollback?to=1&expected=3');
    expect(queries() - viewed).toBe(1);
    expect(confirm.status).toBe(200);
    expect(confirm.text).toContain('appends <strong>@4</strong>, an exact copy of @1');
    expect(confirm.text).toMatch(/<code>temperature<\/code> <del>0\.6<\/del> → <ins>0\.3<\/ins>/);
    expect(confirm.text).toContain('name="expectedVersion" value="3"');
    const requestId = /name="requestId" value="([^"]+)"/.exec(confirm.text)?.[1] as string;
    const form = { csrf: PageClient.csrf(confirm), to: 1, expectedVersion: 3, requestId, message: 'resolution dropped' };
    const before = queries();
    const done = await client.post('/agents/triage/rollback', form);
    expect(queries() - before).toBe(1);
    expect(done.status).toBe(303);
    expect(done.location).toBe('/agents/triage?written=4#v4');
    const [latest] = await versionsOf('triage');
    expect(latest).toMatchObject({
      version: 4,
      rollbackTo: 1,
      rollbackFrom: 3,
      author: 'tester@acme.dev',
      changeMessage: 'resolution dropped',
    });
    const history = await client.get('/agents/triage?written=4');
    expect(history.text).toContain('Rolled back: @4 is the latest version. No label moved: labels serve what they served.');
    expect(history.text).toMatch(/<tr id="v4" class="written">[\s\S]*?rollback to @1 \(replaced @3\)/);
    // A double submit of the same confirmation replays: still one new version.
    expect((await client.post('/agents/triage/rollback', form)).status).toBe(303);
    expect((await versionsOf('triage')).length).toBe(4);
  });

  it('a conflict writes nothing and shows who changed what, with a reload against the live version', async () => {
    const client = new PageClient(app());
    const confirm = await client.get('/agents/triage/rollback?to=2&expected=4');
    // A second client edits meanwhile.
    await editAgent(store, 'triage', { patch: { set: { max_tokens: 900 } } }, { author: 'dana@acme.dev', message: 'longer answers' });
    const result = await client.post('/agents/triage/rollback', { csrf: PageClient.csrf(confirm), to: 2, expectedVersion: 4 });
    expect(result.status).toBe(409);
    expect(result.text).toContain('<code class="code">conflict</code> triage is at version 5 (by dana@acme.dev');
    expect(result.text).toContain('not 4: nothing was written');
    expect(result.text).toMatch(/<code>max_tokens<\/code> <del class="placeholder">\(unset\)<\/del> → <ins>900<\/ins>/);
    expect(result.text).toContain('href="/agents/triage/rollback?to=2&amp;expected=5"');
    const versions = await versionsOf('triage');
    expect(versions.map((v) => v.version)).toEqual([5, 4, 3, 2, 1]);
    // A confirmation opened on a stale version is a conflict before any click.
    const stale = await client.get('/agents/triage/rollback?to=2&expected=4');
    expect(stale.status).toBe(409);
    expect(stale.text).toContain('by dana@acme.dev');
    expect(stale.text).not.toContain('name="expectedVersion"');
  });

  it('a rollback to a config equal to the live one offers nothing to confirm', async () => {
    const client = new PageClient(app());
    const page = await client.get('/agents/long/rollback?to=7&expected=7');
    expect(page.text).toContain('a rollback would change nothing');
    expect(page.text).not.toContain('name="expectedVersion"');
  });

  it('refuses a POST without a valid CSRF token or from another origin, and writes nothing', async () => {
    const client = new PageClient(app());
    const confirm = await client.get('/agents/long/rollback?to=1&expected=7');
    const csrf = PageClient.csrf(confirm);
    const form = { to: 1, expectedVersion: 7 };
    const refusals = [
      await client.post('/agents/long/rollback', form),
      await client.post('/agents/long/rollback', { ...form, csrf: `${csrf.slice(0, -2)}xx` }),
      await new PageClient(app()).post('/agents/long/rollback', { ...form, csrf }), // a browser without the cookie
      await client.post('/agents/long/rollback', { ...form, csrf }, { origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' }),
      await client.post('/agents/long/rollback', { ...form, csrf }, { origin: 'https://evil.example', 'sec-fetch-site': null }),
      await client.post('/agents/long/rollback', { ...form, csrf }, { origin: null, 'sec-fetch-site': null }),
    ];
    expect(refusals.map((r) => r.status)).toEqual([403, 403, 403, 403, 403, 403]);
    expect(refusals[0]?.text).toContain('refused: the form has no valid CSRF token');
    expect(refusals[3]?.text).toContain('refused: Sec-Fetch-Site is &quot;cross-site&quot;');
    expect(refusals[4]?.text).toContain('refused: Origin https://evil.example is not this server');
    expect((await versionsOf('long'))[0]?.version).toBe(7);
    // The same form from the page itself goes through.
    expect((await client.post('/agents/long/rollback', { ...form, csrf })).status).toBe(303);
  });

  it('GET never writes, even on the action URL', async () => {
    const client = new PageClient(app());
    const before = (await versionsOf('billing_bot')).length;
    for (const path of ['/agents', '/agents/billing_bot', '/agents/billing_bot/blame', '/agents/billing_bot/rollback?to=1&expected=1']) {
      await client.get(path);
    }
    expect((await versionsOf('billing_bot')).length).toBe(before);
  });
});

describe('security', () => {
  it('sends a strict CSP and refuses a Host that is not this machine (DNS rebinding) when no auth mode is set', async () => {
    const page = await new PageClient(app()).get('/agents');
    expect(page.headers.get('referrer-policy')).toBe('same-origin');
    expect(page.headers.get('content-security-policy')).toBe(
      "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
    );
    expect(page.text).not.toMatch(/<script>|<style>| style="| on[a-z]+="/);
    const rebound = await new PageClient(app(), 'evil.example:4141').get('/agents');
    expect(rebound.status).toBe(403);
    expect(rebound.text).toContain('refused: Host &quot;evil.example:4141&quot; is not this machine');
  });

  it('token mode: the browser signs in through a form (HttpOnly, SameSite=Strict cookie); scripts use the bearer header', async () => {
    const token = 'a-long-enough-test-token-0123456789';
    const ui = app({ kind: 'token', token });
    const browser = new PageClient(ui, 'ui.acme.dev');
    const redirected = await browser.get('/agents/triage');
    expect(redirected.status).toBe(303);
    expect(redirected.location).toBe('/login?next=%2Fagents%2Ftriage');
    const login = await browser.get('/login?next=%2Fagents%2Ftriage');
    const wrong = await browser.post('/login', { csrf: PageClient.csrf(login), token: 'not-the-token', next: '/agents/triage' });
    expect(wrong.location).toBe('/login?failed=1&next=%2Fagents%2Ftriage');
    expect(browser.cookies.has('agentver_session')).toBe(false);
    const right = await browser.post('/login', { csrf: PageClient.csrf(login), token, next: '//evil.example/' });
    expect(right.location).toBe('/agents');
    const setCookie = right.headers.getSetCookie().find((line) => line.startsWith('agentver_session='));
    expect(setCookie).toMatch(/HttpOnly/);
    expect(setCookie).toMatch(/SameSite=Strict/);
    expect(setCookie).not.toContain(token);
    expect((await browser.get('/agents/triage')).status).toBe(200);
    const script = new PageClient(ui, 'ui.acme.dev');
    expect((await script.get('/agents', { authorization: `Bearer ${token}` })).status).toBe(200);
    expect((await script.get('/agents', { authorization: 'Bearer nope' })).status).toBe(303);
    const post = await new PageClient(ui, 'ui.acme.dev').post('/agents/long/rollback', { to: 1, expectedVersion: 8 });
    expect(post.status).toBe(403);
  });

  it('IAP mode: the signed header is verified (key, audience, issuer, expiry) and its email is the author', async () => {
    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const audience = '/projects/123/global/backendServices/456';
    const now = Math.floor(Date.now() / 1000);
    const jwt = (claims: Record<string, unknown>, kid = 'key-1') => {
      const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
      const signed = `${part({ alg: 'ES256', typ: 'JWT', kid })}.${part({ iss: 'https://cloud.google.com/iap', aud: audience, iat: now, exp: now + 600, email: 'oncall@acme.dev', sub: 'accounts.google.com:1', ...claims })}`;
      return `${signed}.${sign('sha256', Buffer.from(signed), { key: privateKey, dsaEncoding: 'ieee-p1363' }).toString('base64url')}`;
    };
    const ui = app({
      kind: 'iap',
      audience,
      certs: async () => ({ 'key-1': publicKey.export({ type: 'spki', format: 'pem' }).toString() }),
    });
    const client = new PageClient(ui, 'agentver-abc.a.run.app');
    const as = (assertion: string) => ({ 'x-goog-iap-jwt-assertion': assertion });
    const ok = await client.get('/agents', as(jwt({})));
    expect(ok.status).toBe(200);
    expect(ok.text).toContain('acting as <strong>oncall@acme.dev</strong>');
    const refused = [
      await client.get('/agents'),
      await client.get('/agents', as(jwt({ aud: '/projects/123/global/backendServices/999' }))),
      await client.get('/agents', as(jwt({ iss: 'https://accounts.google.com' }))),
      await client.get('/agents', as(jwt({ iat: now - 7200, exp: now - 3600 }))),
      await client.get('/agents', as(jwt({}, 'other-key'))),
      await client.get('/agents', as(`${jwt({}).slice(0, -6)}AAAAAA`)),
      // IAP's unsigned header is not an identity.
      await client.get('/agents', { 'x-goog-authenticated-user-email': 'accounts.google.com:oncall@acme.dev' }),
    ];
    expect(refused.map((r) => r.status)).toEqual([401, 401, 401, 401, 401, 401, 401]);
    expect(refused[0]?.text).toContain('sign-in required: no valid Cloud IAP assertion');
    await editAgent(store, 'billing_bot', { patch: { set: { temperature: 0.1 } } }, { author: 'cy', message: 'cooler' });
    const confirm = await client.get('/agents/billing_bot/rollback?to=1&expected=2', as(jwt({})));
    const done = await client.post(
      '/agents/billing_bot/rollback',
      { csrf: PageClient.csrf(confirm), to: 1, expectedVersion: 2 },
      as(jwt({})),
    );
    expect(done.status).toBe(303);
    expect((await versionsOf('billing_bot'))[0]).toMatchObject({ version: 3, author: 'oncall@acme.dev', rollbackTo: 1 });
  });

  it('refuses to bind beyond loopback without an auth mode, in the library and the CLI', async () => {
    const options = {
      backend: createBackend({ store: async () => store, marts: async () => marts }),
      author: 't',
      backendLabel: () => '',
    };
    await expect(startUiServer({ ...options, host: '0.0.0.0', port: 0, auth: { kind: 'none' } })).rejects.toThrow(
      'invalid option: --host: 0.0.0.0 is reachable from other machines: add --auth-token (or AGENTVER_UI_TOKEN) or --trust-iap with --iap-audience',
    );
    const server = await startUiServer({ ...options, host: '0.0.0.0', port: 0, auth: { kind: 'token', token: 'x'.repeat(20) } });
    await server.close();
    const cwd = mkdtempSync(join(tmpdir(), 'agentver-ui-'));
    const target = ['--emulator-host', store.emulatorHost as string, '--dataset', store.datasetId];
    const bare = await runCliCaptured(['ui', '--host', '0.0.0.0', ...target], { cwd });
    expect(bare.code).toBe(2);
    expect(bare.stderr).toContain('--host: 0.0.0.0 is reachable from other machines');
    const short = await runCliCaptured(['ui', '--host', '0.0.0.0', '--auth-token', 'short', ...target], { cwd });
    expect(short.code).toBe(2);
    expect(short.stderr).toContain('--auth-token: must be at least 16 characters');
    const iap = await runCliCaptured(['ui', '--host', '0.0.0.0', '--trust-iap', ...target], { cwd });
    expect(iap.code).toBe(2);
    expect(iap.stderr).toContain('--iap-audience: is required with --trust-iap');
  });

  it('end to end through the built binary: serves the page until SIGTERM, then exits 0', async () => {
    const binary = new URL('../../dist/cli/main.js', import.meta.url).pathname;
    const args = [
      'ui',
      '--port',
      '0',
      '--emulator-host',
      store.emulatorHost as string,
      '--project',
      store.projectId,
      '--dataset',
      store.datasetId,
    ];
    const child = spawn(process.execPath, [binary, ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
    let printed = '';
    child.stdout.on('data', (chunk) => {
      printed += chunk;
    });
    while (!/on (http:\S+)/.test(printed) && child.exitCode === null) await new Promise((resolve) => setTimeout(resolve, 50));
    const url = /on (http:\S+)/.exec(printed)?.[1] as string;
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const page = await fetch(`${url}/agents`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('href="/agents/triage"');
    child.kill('SIGTERM');
    const [code] = await once(child, 'exit');
    expect(code).toBe(0);
  });
});
