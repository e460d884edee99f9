// The release control room in-process (app.request) against the emulator: what each label serves
// on the agent page, a label's page with the last watch decision and its evidence, "look now"
// (writes nothing), and every label move with its confirmation, compare-and-swap, conflict page,
// CSRF and same-origin refusals, bad input, and escaping.
import { createHmac } from 'node:crypto';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import type { Connection } from '../../src/bigquery/connection.js';
import { runQuery } from '../../src/bigquery/run-query.js';
import { addWebhook } from '../../src/notify/add-webhook.js';
import { configureNotifications } from '../../src/notify/notification-settings.js';
import { removeWebhook } from '../../src/notify/remove-webhook.js';
import { listLabels } from '../../src/releases/list-labels.js';
import { releaseLabel } from '../../src/releases/release-label.js';
import { startCanary } from '../../src/releases/start-canary.js';
import { createAgent, editAgent } from '../../src/store/agent-writes.js';
import { initStore } from '../../src/store/init-store.js';
import { createBackend } from '../../src/ui/backend.js';
import { createUiApp } from '../../src/ui/create-app.js';
import { watchCanaries } from '../../src/watch/watch-canaries.js';
import { createTestConnection } from './test-connection.js';
import { createMarts, writeCanaryMarts, writeDailyMetrics } from './ui-fixtures.js';
import { PageClient } from './ui-harness.js';
import { startReceiver } from './webhook-receiver.js';

let store: Connection;
let marts: Connection;
const app = () =>
  createUiApp({
    backend: createBackend({ store: async () => store, marts: async () => marts }),
    auth: { kind: 'none' },
    author: 'oncall@acme.dev',
    backendLabel: () => 'emulator',
  });
const decisionsWritten = async () =>
  (await runQuery<{ n: number }>(store, 'SELECT COUNT(*) AS n FROM {{dataset}}.release_decisions')).rows[0]?.n ?? 0;
const production = async (agentId: string) => (await listLabels(store, agentId)).labels.find((l) => l.label === 'production');

/** An agent with three versions, production released at 2 and a 20% canary of 3 (release 2). */
async function canaryAgent(agentId: string): Promise<void> {
  const config = { name: agentId, system_prompt: 'Sort tickets.', model: 'gpt-4.1', temperature: 0.2 };
  await createAgent(store, agentId, config, { author: 'ann@acme.dev', message: 'first' });
  await editAgent(store, agentId, { config: { ...config, temperature: 0.4 } }, { author: 'ann@acme.dev', message: 'warmer' });
  await editAgent(
    store,
    agentId,
    { config: { ...config, temperature: 0.9, model: 'gpt-4.1-mini' } },
    { author: 'bob@acme.dev', message: 'hot' },
  );
  await releaseLabel(store, { agentId, label: 'production', version: 2, author: 'ann@acme.dev' });
  await startCanary(store, {
    agentId,
    label: 'production',
    version: 3,
    percent: 20,
    author: 'bob@acme.dev',
    message: 'try <script>alert(1)</script> on 20%',
  });
}

beforeAll(async () => {
  store = await createTestConnection('ui_labels');
  await initStore(store);
  marts = await createMarts(store);
  for (const agentId of ['triage', 'stale', 'moves', 'guarded']) await canaryAgent(agentId);
  // triage's candidate resolves far less: watch rolls it back (not applied)
  await writeCanaryMarts(
    marts,
    { agentId: 'triage', label: 'production', canaryReleaseNumber: 2, percent: 20 },
    { baseline: { units: 1600, resolved: 1150 }, candidate: { units: 400, resolved: 200 } },
  );
  await watchCanaries(store, marts, { agentId: 'triage', apply: false, author: 'watch@acme.dev' });
  for (const [version, resolved] of [
    [2, 1150],
    [3, 200],
  ] as const) {
    await writeDailyMetrics(marts, 'triage', version, '2026-11-03', {
      n_runs: version === 2 ? 1600 : 400,
      n_resolved: resolved,
      n_succeeded: 400,
    });
  }
}, 240_000);

describe('the agent page shows what each label serves', () => {
  it("production's two arms, its last watch decision, a prominent roll back, and version marks by label", async () => {
    const page = await new PageClient(app()).get('/agents/triage');
    expect(page.status).toBe(200);
    expect(page.text).toContain('<h2>What is served</h2>');
    expect(page.text).toMatch(
      /<strong>@2<\/strong> <span class="arm">\(baseline\)<\/span> 80% · <strong>@3<\/strong> <span class="arm">\(candidate\)<\/span> 20%/,
    );
    expect(page.text).toContain('<span class="verdict">rollback</span>');
    expect(page.text).toContain('href="/agents/triage/labels/production/move?action=rollback&amp;expected=2">Roll back production</a>');
    expect(page.text).toContain('<span class="mark label">production baseline 80%</span>');
    expect(page.text).toContain('<span class="mark label">production candidate 20%</span><span class="mark latest">latest</span>');
    // what a user wrote is text
    expect(page.text).toContain('try &lt;script&gt;alert(1)&lt;/script&gt; on 20%');
    expect(page.text).not.toContain('<script>alert(1)');
  });
});

describe("a label's page", () => {
  it('shows the policy, the last decision with the numbers watch prints, and when the marts were built', async () => {
    const page = await new PageClient(app()).get('/agents/triage/labels/production');
    expect(page.status).toBe(200);
    expect(page.text).toContain(
      'Policy: primary <code>resolution_rate</code>; guardrails <code>error_rate:0.02, cost_usd:10%</code>; at most 14 days. Ships when better; variance reduction cuped.',
    );
    expect(page.text).toMatch(/Last decision: <span class="verdict">rollback<\/span>/);
    expect(page.text).toContain('Roll back: resolution_rate is worse in the candidate (0.5 vs 0.719');
    expect(page.text).toMatch(/Units: baseline <strong>1600<\/strong>, candidate <strong>400<\/strong>/);
    expect(page.text).toMatch(/<td>resolution_rate<\/td><td>primary<\/td><td class="num">0\.719<\/td><td class="num">0\.5<\/td>/);
    expect(page.text).toContain('<td>release 2</td><td class="num">20%</td><td class="num">1600 / 400</td>');
    expect(page.text).toMatch(/Marts \(canary_stratum_metrics\) last built: <time/);
    expect(page.text).toContain('not applied: run watch --apply');
  });

  it('"look now" decides from the marts as watch would and writes nothing', async () => {
    const before = await decisionsWritten();
    const page = await new PageClient(app()).get('/agents/triage/labels/production/look');
    expect(page.status).toBe(200);
    expect(page.text).toMatch(/Looked at now: <span class="verdict">rollback<\/span>/);
    expect(await decisionsWritten()).toBe(before);
  });

  it('a label never set is 404 naming it; a bad label name is 400 naming the rule', async () => {
    const client = new PageClient(app());
    const missing = await client.get('/agents/triage/labels/staging');
    expect(missing.status).toBe(404);
    expect(missing.text).toContain('staging');
    const bad = await client.get('/agents/triage/labels/Prod');
    expect(bad.status).toBe(400);
    expect(bad.text).toMatch(/label: must start with a lowercase letter/);
  });
});

describe('the metrics page of two versions that ran as a canary', () => {
  it("shows the canary's per-arm comparison and links its decisions, in place of the before/after caution", async () => {
    const page = await new PageClient(app()).get('/agents/triage/metrics');
    expect(page.status).toBe(200);
    expect(page.text).toContain('<h2>@2 and @3 as the arms of a canary on production</h2>');
    expect(page.text).toContain(`href="/agents/triage/labels/production">The canary's decisions on production</a>`);
    expect(page.text).toMatch(/Newest watch decision, .*: <span class="verdict">rollback<\/span>/);
    expect(page.text).toContain('These versions also ran side by side as the arms of a canary on production');
    expect(page.text).not.toContain('These versions ran at different times');
  });
});

describe('label moves', () => {
  it('roll back production during a canary: the confirmation shows what goes live, one click serves the baseline at 100%', async () => {
    const client = new PageClient(app());
    const confirm = await client.get('/agents/triage/labels/production/move?action=rollback&expected=2');
    expect(confirm.status).toBe(200);
    expect(confirm.text).toMatch(/<th>production now<\/th><td><strong>@2<\/strong>.*80% · <strong>@3<\/strong>.*20%/);
    expect(confirm.text).toMatch(/<th>after<\/th><td><strong>@2<\/strong> 100%/);
    // the field diff from the candidate's config to the baseline's: what its units get back
    expect(confirm.text).toContain('temperature');
    expect(confirm.text).toContain('gpt-4.1-mini');
    const form = /name="requestId" value="([^"]+)"/.exec(confirm.text)?.[1] as string;
    const moved = await client.post('/agents/triage/labels/production/move', {
      csrf: PageClient.csrf(confirm),
      action: 'rollback',
      expectedRelease: 2,
      requestId: form,
      message: 'candidate resolves less',
    });
    expect(moved.status).toBe(303);
    expect(moved.location).toBe('/agents/triage/labels/production?moved=3');
    expect(await production('triage')).toMatchObject({
      releaseNumber: 3,
      kind: 'rollback',
      routes: [{ version: 2, percent: 100 }],
      author: 'oncall@acme.dev',
    });
    const after = await client.get(moved.location as string);
    expect(after.text).toContain('production moved: release 3 is live.');
    // a double submit of the same form writes nothing new
    const again = await client.post('/agents/triage/labels/production/move', {
      csrf: PageClient.csrf(confirm),
      action: 'rollback',
      expectedRelease: 2,
      requestId: form,
    });
    expect(again.status).toBe(303);
    expect((await production('triage'))?.releaseNumber).toBe(3);
  });

  it('a stale page: the label moved since it was shown, so the move is refused in browser terms and nothing is written', async () => {
    const client = new PageClient(app());
    const confirm = await client.get('/agents/stale/labels/production/move?action=promote&expected=2');
    expect(confirm.status).toBe(200);
    await startCanary(store, { agentId: 'stale', label: 'production', version: 3, percent: 50, author: 'ann@acme.dev', message: 'ramp' });
    const refused = await client.post('/agents/stale/labels/production/move', {
      csrf: PageClient.csrf(confirm),
      action: 'promote',
      expectedRelease: 2,
    });
    expect(refused.status).toBe(409);
    expect(refused.text).toContain('production changed since you looked: nothing was written.');
    expect(refused.text).toContain('is now at release 3, moved by ann@acme.dev (canary: ramp)');
    expect(refused.text).toContain('Review production as it is now');
    expect(refused.text).not.toContain('--expected');
    expect((await production('stale'))?.releaseNumber).toBe(3);
    // the confirmation itself, opened from a stale page, says so before anything is sent
    const stalePage = await client.get('/agents/stale/labels/production/move?action=promote&expected=2');
    expect(stalePage.status).toBe(409);
  });

  it('ramp, promote, release version K, start a canary with its policy, stop it: each through its confirmation', async () => {
    const client = new PageClient(app());
    const move = async (query: string, expected: number, fields: Record<string, string | number> = {}) => {
      const confirm = await client.get(`/agents/moves/labels/production/move?${query}&expected=${expected}`);
      expect(confirm.status, confirm.text.slice(0, 400)).toBe(200);
      const posted = await client.post('/agents/moves/labels/production/move', {
        csrf: PageClient.csrf(confirm),
        expectedRelease: expected,
        ...Object.fromEntries(
          [
            ...confirm.text.matchAll(
              /<input type="hidden" name="(action|version|percent|primary|guardrails|maxDays|ramp|stageHours|shipWhen)" value="([^"]*)">/g,
            ),
          ].map((m) => [m[1], m[2]]),
        ),
        ...fields,
      });
      expect(posted.status, posted.text.slice(0, 400)).toBe(303);
      return production('moves');
    };
    const ramp = await client.get('/agents/moves/labels/production/move?action=canary&version=3&percent=50&expected=2');
    expect(ramp.text).toContain('Only the shares change: every unit already in the candidate stays there.');
    expect(await move('action=canary&version=3&percent=50', 2)).toMatchObject({ releaseNumber: 3, kind: 'canary', candidatePercent: 50 });
    expect(await move('action=promote', 3)).toMatchObject({ releaseNumber: 4, kind: 'promote', routes: [{ version: 3, percent: 100 }] });
    expect(await move('action=release&version=1', 4)).toMatchObject({
      releaseNumber: 5,
      kind: 'release',
      routes: [{ version: 1, percent: 100 }],
    });
    const started = await move('action=canary&version=2&percent=12.5&primary=resolution_rate&guardrails=error_rate%3A%2B0.05&maxDays=7', 5);
    expect(started).toMatchObject({ releaseNumber: 6, kind: 'canary', version: 1, candidateVersion: 2, candidatePercent: 12.5 });
    expect(started?.rolloutPolicy).toMatchObject({
      primary: 'resolution_rate',
      maxDays: 7,
      guardrails: [{ metric: 'error_rate', margin: 0.05, relative: false }],
    });
    expect(await move('action=stop&version=1', 6)).toMatchObject({
      releaseNumber: 7,
      kind: 'release',
      routes: [{ version: 1, percent: 100 }],
    });
    // a staged rollout from the page: the ramp's first share, its schedule and ship rule stored
    const staged = await move('action=canary&version=2&ramp=5%2C25%2C100&stageHours=0.5&shipWhen=no-harm', 7);
    expect(staged).toMatchObject({ releaseNumber: 8, kind: 'canary', candidateVersion: 2, candidatePercent: 5 });
    expect(staged?.rolloutPolicy).toMatchObject({ ramp: [5, 25, 100], stageHours: 0.5, shipWhen: 'no-harm' });
  });

  it('refuses bad input naming the field and rule, and a move with nothing to do, writing nothing', async () => {
    const client = new PageClient(app());
    const bad = async (query: string) => client.get(`/agents/guarded/labels/production/move?${query}`);
    expect((await bad('action=explode&expected=2')).text).toMatch(/action: must be one of rollback, promote, release, canary, stop/);
    const percent = await bad('action=canary&version=3&percent=150&expected=2');
    expect(percent.status).toBe(400);
    expect(percent.text).toMatch(/percent: must be below 100/);
    const guardrail = await bad('action=canary&version=3&percent=10&guardrails=cost_usd%3A-10%25&expected=2');
    expect(guardrail.status).toBe(400);
    expect(guardrail.text).toMatch(/guardrails\[0\]: the margin of cost_usd must be an increase/);
    const ramp = await bad('action=canary&version=3&ramp=50%2C25%2C100&expected=2');
    expect(ramp.status).toBe(400);
    expect(ramp.text).toMatch(/ramp: shares must increase/);
    expect((await bad('action=canary&version=3&percent=10&shipWhen=soon&expected=2')).text).toMatch(
      /shipWhen: must be one of better, no-harm/,
    );
    expect((await bad('action=release&expected=2')).text).toMatch(/version: is required to release/);
    const unknown = await bad('action=release&version=99&expected=2');
    expect(unknown.status).toBe(404);
    expect((await production('guarded'))?.releaseNumber).toBe(2);
  });

  it('refuses a cross-site POST and one without the CSRF token: nothing is written', async () => {
    const client = new PageClient(app());
    const confirm = await client.get('/agents/guarded/labels/production/move?action=rollback&expected=2');
    const crossSite = await client.post(
      '/agents/guarded/labels/production/move',
      { csrf: PageClient.csrf(confirm), action: 'rollback', expectedRelease: 2 },
      { origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' },
    );
    expect(crossSite.status).toBe(403);
    const noToken = await client.post('/agents/guarded/labels/production/move', { action: 'rollback', expectedRelease: 2 });
    expect(noToken.status).toBe(403);
    expect((await production('guarded'))?.releaseNumber).toBe(2);
  });
});

describe('notifications from the page', () => {
  it('a move from the page notifies the webhook, signed, and in the background the page does not wait for the receiver', async () => {
    const receiver = await startReceiver();
    process.env.UI_HOOK_SECRET = 'page-secret';
    const webhook = await addWebhook(store, { url: receiver.url('/hook'), secretEnv: 'UI_HOOK_SECRET', author: 'test' });
    const restore = configureNotifications({ inBackground: true });
    try {
      // a receiver that never answers: a page that waited would hang on it until the retry bound
      receiver.plan('/hook', [0, 0, 0, 0, 0]);
      const client = new PageClient(app());
      const confirm = await client.get('/agents/guarded/labels/production/move?action=rollback&expected=2');
      const moved = await client.post('/agents/guarded/labels/production/move', {
        csrf: PageClient.csrf(confirm),
        action: 'rollback',
        expectedRelease: 2,
      });
      expect(moved.status).toBe(303);
      const deliveries = async () =>
        (
          await runQuery<{ is_delivered: boolean; n_attempts: number }>(
            store,
            'SELECT is_delivered, n_attempts FROM {{dataset}}.notification_deliveries WHERE webhook_id = @id',
            { id: { type: 'STRING', value: webhook.webhookId } },
          )
        ).rows;
      // the page answered while the delivery series was still going: nothing recorded yet
      expect(await deliveries()).toEqual([]);
      await vi.waitFor(async () => expect((await deliveries()).length).toBe(1), { timeout: 30_000, interval: 500 });
      expect((await deliveries())[0]).toMatchObject({ is_delivered: false });
      const first = receiver.received[0];
      expect(first?.headers['x-agentver-event']).toBe('label_move');
      const signature = createHmac('sha256', 'page-secret')
        .update(`${first?.headers['x-agentver-timestamp']}.${first?.body}`)
        .digest('hex');
      expect(first?.headers['x-agentver-signature']).toBe(`sha256=${signature}`);
      expect(JSON.parse(first?.body ?? '{}')).toMatchObject({ agent_id: 'guarded', label: 'production' });
    } finally {
      restore();
      await removeWebhook(store, webhook.webhookId, { author: 'test' });
      await receiver.close();
    }
  }, 60_000);
});
