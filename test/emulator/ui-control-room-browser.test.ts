/// <reference lib="dom" />
// The release control room in a real browser (Debian's chromium through puppeteer-core): a canary
// judged by watch, rolled back from the agent page with its confirmation, a stale page refused in
// browser terms, a canary started with its policy, and no page scrolling sideways at 390 px.
// Screenshots go to test-output/screenshots/ (docs/ui-control-room.png is one of them).
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Connection } from '../../src/bigquery/connection.js';
import { listLabels } from '../../src/releases/list-labels.js';
import { releaseLabel } from '../../src/releases/release-label.js';
import { startCanary } from '../../src/releases/start-canary.js';
import { createAgent, editAgent } from '../../src/store/agent-writes.js';
import { initStore } from '../../src/store/init-store.js';
import { createBackend } from '../../src/ui/backend.js';
import { startUiServer, type UiServer } from '../../src/ui/start-ui-server.js';
import { watchCanaries } from '../../src/watch/watch-canaries.js';
import { launchChromium } from './chromium.js';
import { createTestConnection } from './test-connection.js';
import { createMarts, writeCanaryMarts } from './ui-fixtures.js';

const SCREENSHOTS = new URL('../../test-output/screenshots/', import.meta.url).pathname;

let store: Connection;
let server: UiServer;
let browser: Browser;
let page: Page;
const dialogs: string[] = [];
const shoot = (name: string) => page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
const production = async (agentId: string) => (await listLabels(store, agentId)).labels.find((l) => l.label === 'production');

async function canaryAgent(agentId: string): Promise<void> {
  const config = { name: 'Support triage', system_prompt: 'Resolve tickets.\nBe kind.', model: 'gpt-4.1', temperature: 0.3 };
  await createAgent(store, agentId, config, { author: 'ann@acme.dev', message: 'first version' });
  await editAgent(
    store,
    agentId,
    { config: { ...config, system_prompt: 'Resolve tickets.\nOffer refunds.\nBe kind.' } },
    { author: 'bob@acme.dev', message: 'refund prompt' },
  );
  await releaseLabel(store, { agentId, label: 'production', version: 1, author: 'ann@acme.dev', message: 'first release' });
  await startCanary(store, {
    agentId,
    label: 'production',
    version: 2,
    percent: 20,
    author: 'bob@acme.dev',
    message: 'refund prompt on 20% of tickets',
  });
}

beforeAll(async () => {
  mkdirSync(SCREENSHOTS, { recursive: true });
  store = await createTestConnection('ui_control_room');
  await initStore(store);
  const marts = await createMarts(store);
  for (const agentId of ['support_triage', 'stale_page', 'fresh']) await canaryAgent(agentId);
  await writeCanaryMarts(
    marts,
    { agentId: 'support_triage', label: 'production', canaryReleaseNumber: 2, percent: 20 },
    { baseline: { units: 1600, resolved: 1150 }, candidate: { units: 400, resolved: 232 } },
  );
  await watchCanaries(store, marts, { agentId: 'support_triage', apply: false, author: 'watch@acme.dev' });
  server = await startUiServer({
    host: '127.0.0.1',
    port: 0,
    auth: { kind: 'none' },
    author: 'oncall@acme.dev',
    backend: createBackend({ store: async () => store, marts: async () => marts }),
    backendLabel: () => `emulator, dataset ${store.datasetId}`,
  });
  browser = await launchChromium();
  page = await browser.newPage();
  await page.setViewport({ width: 1280, height: 900 });
  page.on('dialog', async (dialog) => {
    dialogs.push(dialog.message());
    await dialog.dismiss();
  });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('the release control room in a browser', () => {
  it('rolls production back during a canary from the agent page: confirmation, one click, the baseline at 100%', async () => {
    await page.goto(`${server.url}/agents/support_triage`);
    await shoot('ui-control-room');
    expect(await page.$eval('section.releases', (s) => (s.textContent ?? '').replace(/\s+/g, ' '))).toMatch(
      /production @1 \(baseline\) 80% · @2 \(candidate\) 20%/,
    );
    expect(await page.$eval('section.releases .verdict', (s) => s.textContent)).toBe('rollback');
    await Promise.all([page.waitForNavigation(), page.click('section.releases a.button.danger')]);
    await shoot('ui-label-rollback-confirm');
    expect(await page.$eval('main', (m) => m.textContent ?? '')).toContain('What goes live');
    expect(await page.$eval('.diff', (d) => d.textContent ?? '')).toContain('Offer refunds.');
    await page.type('#message', 'refund prompt resolves fewer tickets');
    await Promise.all([page.waitForNavigation(), page.click('form.confirm button.danger')]);
    expect(await page.$eval('.notice', (n) => n.textContent)).toBe('production moved: release 3 is live.');
    expect(await production('support_triage')).toMatchObject({
      releaseNumber: 3,
      kind: 'rollback',
      routes: [{ version: 1, percent: 100 }],
    });
    expect(dialogs).toEqual([]);
  });

  it('the label page shows the last decision with its evidence, and a stale confirmation is refused in browser terms', async () => {
    await page.goto(`${server.url}/agents/support_triage/labels/production`);
    expect(await page.$eval('section.decision', (s) => s.textContent ?? '')).toMatch(/Last decision: rollback/);
    expect(await page.$$eval('section.decision table.evidence tbody tr', (rows) => rows.length)).toBeGreaterThanOrEqual(4);
    await shoot('ui-label-page');

    await page.goto(`${server.url}/agents/stale_page/labels/production/move?action=promote&expected=2`);
    // someone ramps the canary while this page is open
    await startCanary(store, {
      agentId: 'stale_page',
      label: 'production',
      version: 2,
      percent: 50,
      author: 'ann@acme.dev',
      message: 'ramp to half',
    });
    await Promise.all([page.waitForNavigation(), page.click('form.confirm button[type=submit]')]);
    await shoot('ui-label-conflict');
    const text = await page.$eval('main', (m) => m.textContent ?? '');
    expect(text).toContain('production changed since you looked: nothing was written.');
    expect(text).toContain('moved by ann@acme.dev (canary: ramp to half)');
    expect((await production('stale_page'))?.kind).toBe('canary');
    await Promise.all([page.waitForNavigation(), page.click('a.button')]);
    expect(new URL(page.url()).pathname).toBe('/agents/stale_page/labels/production');
  });

  it('starts a new canary with its policy from the label page form', async () => {
    await page.goto(`${server.url}/agents/fresh/labels/production`);
    await Promise.all([page.waitForNavigation(), page.click('a.button[href*="action=stop"]')]);
    await Promise.all([page.waitForNavigation(), page.click('form.confirm button[type=submit]')]);
    expect(await production('fresh')).toMatchObject({ kind: 'release', routes: [{ version: 1, percent: 100 }] });
    const form = 'form.inline:nth-of-type(2)';
    await page.$eval(`${form} input[name=version]`, (input) => {
      (input as HTMLInputElement).value = '2';
    });
    await page.$eval(`${form} input[name=percent]`, (input) => {
      (input as HTMLInputElement).value = '5';
    });
    await page.type(`${form} input[name=guardrails]`, 'error_rate:+0.03');
    await page.type(`${form} input[name=maxDays]`, '10');
    await Promise.all([page.waitForNavigation(), page.click(`${form} button[type=submit]`)]);
    expect(await page.$eval('main', (m) => m.textContent ?? '')).toContain('What goes live');
    await Promise.all([page.waitForNavigation(), page.click('form.confirm button[type=submit]')]);
    const state = await production('fresh');
    expect(state).toMatchObject({ kind: 'canary', candidateVersion: 2, candidatePercent: 5 });
    expect(state?.rolloutPolicy).toMatchObject({ maxDays: 10, guardrails: [{ metric: 'error_rate', margin: 0.03 }] });
  });

  it('ramps, promotes and releases a version from their confirmations', async () => {
    const confirm = async (path: string) => {
      await page.goto(`${server.url}${path}`);
      expect(await page.$eval('main', (m) => m.textContent ?? '')).toContain('What goes live');
      await Promise.all([page.waitForNavigation(), page.click('form.confirm button[type=submit]')]);
      expect(await page.$eval('.notice', (n) => n.textContent)).toMatch(/^production moved: release \d+ is live\.$/);
      return production('fresh');
    };
    const current = (await production('fresh'))?.releaseNumber as number;
    expect(await confirm(`/agents/fresh/labels/production/move?action=canary&version=2&percent=50&expected=${current}`)).toMatchObject({
      kind: 'canary',
      candidatePercent: 50,
    });
    expect(await confirm(`/agents/fresh/labels/production/move?action=promote&expected=${current + 1}`)).toMatchObject({
      kind: 'promote',
      routes: [{ version: 2, percent: 100 }],
    });
    expect(await confirm(`/agents/fresh/labels/production/move?action=release&version=1&expected=${current + 2}`)).toMatchObject({
      kind: 'release',
      routes: [{ version: 1, percent: 100 }],
    });
  });

  it('no control-room page scrolls sideways at 390 px', async () => {
    await page.setViewport({ width: 390, height: 844 });
    for (const path of [
      '/agents/support_triage',
      '/agents/support_triage/labels/production',
      '/agents/support_triage/labels/production/move?action=release&version=2&expected=3',
    ]) {
      await page.goto(`${server.url}${path}`);
      const { scroll, width } = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, width: window.innerWidth }));
      expect(scroll, path).toBeLessThanOrEqual(width);
    }
    await shoot('ui-control-room-390');
    await page.setViewport({ width: 1280, height: 900 });
  });
});
