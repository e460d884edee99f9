/// <reference lib="dom" />
// The web page in a real browser: Debian's chromium through puppeteer-core, against the page
// served on a socket over the emulator. Screenshots go to test-output/screenshots/.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Connection } from '../../src/bigquery/connection.js';
import { reportAgent } from '../../src/report/compare-agent.js';
import { renderReportHtml } from '../../src/report/render/render-html.js';
import { createAgent, editAgent } from '../../src/store/agent-writes.js';
import { initStore } from '../../src/store/init-store.js';
import { listHistory } from '../../src/store/read-versions.js';
import { createBackend } from '../../src/ui/backend.js';
import { startUiServer, type UiServer } from '../../src/ui/start-ui-server.js';
import { launchChromium } from './chromium.js';
import { createTestConnection } from './test-connection.js';
import { createMarts, writeDailyMetrics, writeGradeMetrics, XSS_PROMPT } from './ui-fixtures.js';

const SCREENSHOTS = new URL('../../test-output/screenshots/', import.meta.url).pathname;

let store: Connection;
let marts: Connection;
let server: UiServer;
let browser: Browser;
let page: Page;
const dialogs: string[] = [];

const shoot = (name: string) => page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });

async function historyVersions(): Promise<number[]> {
  return page.$$eval('table.history tbody tr', (rows) => rows.map((row) => Number(row.id.slice(1))));
}

beforeAll(async () => {
  mkdirSync(SCREENSHOTS, { recursive: true });
  store = await createTestConnection('ui_browser');
  await initStore(store);
  marts = await createMarts(store);
  await createAgent(
    store,
    'triage',
    {
      name: 'Support triage',
      system_prompt: 'Resolve tickets.\nEscalate refunds.\nBe kind.',
      model: 'gpt-4.1',
      temperature: 0.3,
      tools: ['read_tickets', 'search_kb'],
      mcp_servers: [{ name: 'kb', url: 'https://kb.acme.dev/mcp' }],
    },
    { author: 'ann@acme.dev', message: 'first version' },
  );
  await editAgent(
    store,
    'triage',
    { patch: { systemPrompt: XSS_PROMPT } },
    { author: 'mallory', message: '<img src=x onerror=alert(2)> prompt' },
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
  await writeDailyMetrics(marts, 'triage', 1, '2026-11-01', {
    n_runs: 500,
    n_resolved: 360,
    n_succeeded: 500,
    n_cost_usd: 500,
    sum_cost_usd: 50,
    sum_sq_cost_usd: 5.4,
  });
  await writeDailyMetrics(marts, 'triage', 2, '2026-11-03', {
    n_runs: 500,
    n_resolved: 290,
    n_succeeded: 490,
    n_errors: 10,
    n_cost_usd: 500,
    sum_cost_usd: 60,
    sum_sq_cost_usd: 7.6,
  });
  await writeDailyMetrics(marts, 'triage', 3, '2026-11-05', {
    n_runs: 400,
    n_resolved: 280,
    n_succeeded: 400,
    n_cost_usd: 400,
    sum_cost_usd: 44,
    sum_sq_cost_usd: 5.1,
  });
  // Grade metrics widen the tables: two rows each, with coverage under every value.
  for (const [version, date] of [
    [1, '2026-11-01'],
    [2, '2026-11-03'],
    [3, '2026-11-05'],
  ] as const) {
    for (const metric of ['helpfulness_of_the_first_answer', 'tone']) {
      await writeGradeMetrics(marts, 'triage', version, date, metric, {
        n_graded: 120 * version,
        n_verdicts: 120 * version,
        n_passed: 90 * version,
        n_score: 120 * version,
        sum_score: 84 * version,
        sum_sq_score: 64 * version,
      });
    }
  }
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
  await page.setViewport({ width: 1200, height: 800 });
  page.on('dialog', async (dialog) => {
    dialogs.push(dialog.message());
    await dialog.dismiss();
  });
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('the page in a browser', () => {
  it('agents → agent → tick two versions → diff, with user text shown as text and no script run', async () => {
    await page.goto(`${server.url}/agents`);
    await shoot('agents');
    expect(await page.$$eval('table.agents tbody tr', (rows) => rows.length)).toBe(2);
    await Promise.all([page.waitForNavigation(), page.click('a[href="/agents/triage"]')]);
    await shoot('agent-history');
    expect(await historyVersions()).toEqual([3, 2, 1]);
    expect(await page.$eval('tr#v2 td.message', (cell) => cell.textContent)).toBe('<img src=x onerror=alert(2)> prompt');

    // The script keeps Compare disabled until exactly two versions are ticked.
    const compare = 'button[data-compare-button]';
    expect(await page.$eval(compare, (button) => (button as HTMLButtonElement).disabled)).toBe(true);
    await page.click('tr#v1 input[name=v]');
    await page.click('tr#v3 input[name=v]');
    expect(await page.$eval(compare, (button) => (button as HTMLButtonElement).disabled)).toBe(false);
    expect(await page.$eval('[data-compare-status]', (status) => status.textContent)).toBe('Compare @1 with @3.');
    await Promise.all([page.waitForNavigation(), page.click(compare)]);
    expect(new URL(page.url()).pathname).toBe('/agents/triage/diff');
    await shoot('diff');
    const diffText = await page.$eval('.diff', (diff) => diff.textContent ?? '');
    expect(diffText).toContain('<script>alert(1)</script>');
    expect(diffText).toContain('<img src=x onerror=alert(1)>');
    expect(diffText).toContain('temperature 0.3 → 0.6');
    expect(await page.$$eval('ins', (parts) => parts.map((part) => part.textContent))).toContain('+ send_email');
    // Nothing a user wrote became an element.
    expect(await page.$$eval('main script, main img, main iframe', (nodes) => nodes.length)).toBe(0);
    expect(await page.$$eval('table.hunks td.ln', (cells) => cells.map((cell) => cell.textContent).slice(0, 6))).toEqual([
      '1',
      '1',
      '2',
      '2',
      '3',
      '3',
    ]);
    expect(dialogs).toEqual([]);
  });

  it('roll back: click, confirm the diff of what goes live, and the new version is at the top', async () => {
    await page.goto(`${server.url}/agents/triage`);
    await Promise.all([page.waitForNavigation(), page.click('tr#v1 a.button')]);
    await shoot('rollback-confirm');
    expect(await page.$eval('.diff', (diff) => diff.textContent ?? '')).toContain('temperature 0.6 → 0.3');
    await page.type('#message', 'resolution dropped in v3');
    await Promise.all([page.waitForNavigation(), page.click('button.danger')]);
    expect(await historyVersions()).toEqual([4, 3, 2, 1]);
    expect(await page.$eval('.notice', (notice) => notice.textContent)).toBe(
      'Rolled back: @4 is the latest version. No label moved: labels serve what they served.',
    );
    expect(await page.$eval('tr#v4', (row) => row.textContent ?? '')).toMatch(
      /rollback to @1 \(replaced @3\)[\s\S]*oncall@acme\.dev[\s\S]*resolution dropped in v3/,
    );
    await shoot('agent-after-rollback');
    expect((await listHistory(store, 'triage'))[0]).toMatchObject({ version: 4, rollbackTo: 1, author: 'oncall@acme.dev' });
  });

  it('a second client edits meanwhile: the page shows the conflict and nothing is written', async () => {
    await page.goto(`${server.url}/agents/triage/rollback?to=2&expected=4`);
    await editAgent(store, 'triage', { patch: { set: { max_tokens: 900 } } }, { author: 'dana@acme.dev', message: 'longer answers' });
    await Promise.all([page.waitForNavigation(), page.click('button.danger')]);
    await shoot('conflict');
    const alert = await page.$eval('[role=alert]', (box) => box.textContent ?? '');
    expect(alert).toContain('conflict triage is at version 5 (by dana@acme.dev');
    expect(alert).toContain('nothing was written');
    expect(await page.$eval('.diff', (diff) => diff.textContent ?? '')).toContain('max_tokens (unset) → 900');
    expect((await listHistory(store, 'triage')).map((version) => version.version)).toEqual([5, 4, 3, 2, 1]);
    // Reload offers the same rollback against what is live now.
    await Promise.all([page.waitForNavigation(), page.click('main a.button')]);
    expect(new URL(page.url()).search).toBe('?to=2&expected=5');
  });

  it('keyboard only: Tab reaches the rollback link and the confirm button, Enter presses them', async () => {
    await page.goto(`${server.url}/agents/billing_bot`);
    await editAgent(store, 'billing_bot', { patch: { set: { temperature: 0.1 } } }, { author: 'cy', message: 'cooler' });
    await page.reload();
    // Presses Tab until the element is focused; how many presses it took, or -1 if never.
    const focusUntil = async (selector: string) => {
      for (let presses = 0; presses < 40; presses++) {
        await page.keyboard.press('Tab');
        const hit = await page.evaluate((wanted) => document.activeElement?.matches(wanted) === true, selector);
        if (hit) return presses + 1;
      }
      return -1;
    };
    expect(await focusUntil('tr#v1 a.button')).toBeGreaterThan(0);
    await shoot('keyboard-focus');
    await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
    expect(new URL(page.url()).pathname).toBe('/agents/billing_bot/rollback');
    expect(await focusUntil('button.danger')).toBeGreaterThan(0);
    await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
    expect(await historyVersions()).toEqual([3, 2, 1]);
    expect((await listHistory(store, 'billing_bot'))[0]).toMatchObject({ version: 3, rollbackTo: 1 });
  });

  it('blame and metrics render, with the charts of the HTML report', async () => {
    await page.goto(`${server.url}/agents/triage/blame`);
    await shoot('blame');
    expect(await page.$$eval('table.blame tbody tr', (rows) => rows.length)).toBeGreaterThan(5);
    await page.goto(`${server.url}/agents/triage/metrics?toVersion=3`);
    await shoot('metrics');
    expect(await page.$$eval('svg.chart', (charts) => charts.length)).toBeGreaterThan(3);
    expect(await page.$eval('.comparison .summary', (summary) => summary.textContent)).toContain('triage@3 vs triage@2');
    // The report stylesheet applied (a CSP violation would leave the chart unstyled).
    expect(await page.$eval('svg .point circle', (circle) => getComputedStyle(circle).fill)).toBe('rgb(9, 105, 218)');
    expect(await page.$$eval('.comparison tbody tr td:first-child', (cells) => cells.map((cell) => cell.textContent))).toContain(
      'tone pass rate',
    );
    expect(dialogs).toEqual([]);
  });

  it('the metrics page and the HTML report fit their page: no table wider than its box, no sideways scroll', async () => {
    const report = await reportAgent(store, marts, 'triage');
    const standalone = renderReportHtml({ title: 'triage: versions compared', report });
    for (const width of [1200, 800]) {
      await page.setViewport({ width, height: 800 });
      for (const [name, load] of [
        ['metrics', () => page.goto(`${server.url}/agents/triage/metrics`)],
        // On a blank page: setContent writes into the current document, which would keep the UI's CSP (no inline style).
        ['report', () => page.goto('about:blank').then(() => page.setContent(standalone))],
      ] as const) {
        await load();
        await shoot(`${name}-${width}`);
        const overflow = await page.evaluate(() => ({
          page: document.documentElement.scrollWidth - document.documentElement.clientWidth,
          // what sticks out, named in the failure message
          wide: Array.from(document.querySelectorAll('body *'))
            .filter((element) => element.getBoundingClientRect().right > document.documentElement.clientWidth + 1)
            .slice(0, 5)
            .map((element) => `${element.tagName} ${element.getAttribute('class') ?? ''}`),
          tables: Array.from(document.querySelectorAll('.table-wrap')).map((wrap) => ({
            over: Math.max(wrap.scrollWidth - wrap.clientWidth, (wrap.firstElementChild?.scrollWidth ?? 0) - wrap.clientWidth),
            cells: Array.from(wrap.querySelectorAll('td, th')).filter((cell) => cell.scrollWidth > cell.clientWidth + 1).length,
            scrolls: getComputedStyle(wrap).overflowX === 'auto',
          })),
        }));
        expect(overflow.page, `${name} at ${width}px: ${overflow.wide.join(', ')}`).toBeLessThanOrEqual(0);
        expect(overflow.tables.length, name).toBeGreaterThan(1);
        for (const table of overflow.tables) {
          // The page keeps words whole, so a table too wide for its box scrolls in it (ui-layout.test.ts).
          if (name === 'metrics' && width < 1200) expect(table, `${name} at ${width}px`).toMatchObject({ cells: 0, scrolls: true });
          else expect(table, `${name} at ${width}px`).toMatchObject({ over: 0, cells: 0 });
        }
      }
    }
    // Every comparison the title promises: 1 → 2 and 2 → 3.
    expect(await page.$$eval('section.comparison', (sections) => sections.length)).toBe(2);
    await page.setViewport({ width: 1200, height: 800 });
  });
});
