/// <reference lib="dom" />
// Every page fits a phone and a laptop in a real browser (Debian's chromium through puppeteer-core):
// no sideways scroll of the page (a wide table scrolls in its own box), no table header broken
// inside a word, no metrics cell one letter a line, and the rollback buttons on screen.
// Screenshots go to test-output/screenshots/layout-*.png.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Connection } from '../../src/bigquery/connection.js';
import { createAgent, editAgent, rollbackAgent } from '../../src/store/agent-writes.js';
import { initStore } from '../../src/store/init-store.js';
import { createBackend } from '../../src/ui/backend.js';
import { startUiServer, type UiServer } from '../../src/ui/start-ui-server.js';
import { launchChromium } from './chromium.js';
import { createTestConnection } from './test-connection.js';
import { createMarts, writeDailyMetrics, writeGradeMetrics, XSS_PROMPT } from './ui-fixtures.js';

const SCREENSHOTS = new URL('../../test-output/screenshots/', import.meta.url).pathname;

const VIEWPORTS = [
  { width: 390, height: 844 },
  { width: 1280, height: 800 },
] as const;

const PAGES = {
  agents: '/agents',
  history: '/agents/support_triage',
  blame: '/agents/support_triage/blame',
  diff: '/agents/support_triage/diff?v=1&v=3',
  metrics: '/agents/support_triage/metrics',
  rollback: '/agents/support_triage/rollback?to=1&expected=4',
} as const;

/** What a page does wrong at one width, as data the assertions name. */
interface Layout {
  /** How far the page scrolls sideways. */
  pageOverflow: number;
  /** The elements sticking out of the viewport, for the failure message. */
  wide: string[];
  /** Header words split over two lines, as `word (column)`. */
  brokenHeaders: string[];
  /** Short words (up to 16 characters) in the metrics tables split over two lines. */
  brokenCells: string[];
  /** The rollback buttons and links, each with whether it is wholly on screen (not clipped by a scroll box). */
  rollbackButtons: Array<{ text: string; visible: boolean }>;
}

let store: Connection;
let server: UiServer;
let browser: Browser;
let page: Page;

/** Measures the loaded page in the browser. */
function measure(): Promise<Layout> {
  return page.evaluate(() => {
    const viewport = window.innerWidth;
    /** Words (runs without spaces) of an element's text that the browser laid out over more than one line. */
    const brokenWords = (element: Element, longest: number) => {
      const broken: string[] = [];
      const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        for (const match of (node.textContent ?? '').matchAll(/\S+/g)) {
          if (match[0].length > longest) continue;
          const range = document.createRange();
          range.setStart(node, match.index);
          range.setEnd(node, match.index + match[0].length);
          const lines = new Set(Array.from(range.getClientRects(), (rect) => Math.round(rect.top)));
          if (lines.size > 1) broken.push(match[0]);
        }
      }
      return broken;
    };
    /** Is the element wholly inside the viewport and inside every box that clips it? */
    const visible = (element: Element) => {
      const rect = element.getBoundingClientRect();
      if (rect.left < 0 || rect.right > viewport + 0.5) return false;
      for (let box = element.parentElement; box; box = box.parentElement) {
        if (getComputedStyle(box).overflowX === 'visible') continue;
        const clip = box.getBoundingClientRect();
        if (rect.left < clip.left - 0.5 || rect.right > clip.right + 0.5) return false;
      }
      return true;
    };
    return {
      pageOverflow: document.documentElement.scrollWidth - window.innerWidth,
      wide: Array.from(document.querySelectorAll('body *'))
        .filter((element) => element.getBoundingClientRect().right > viewport + 1)
        .slice(0, 6)
        .map((element) => `${element.tagName.toLowerCase()}.${element.getAttribute('class') ?? ''}`),
      brokenHeaders: Array.from(document.querySelectorAll('th')).flatMap((th) =>
        brokenWords(th, Number.POSITIVE_INFINITY).map((word) => `${word} (${th.textContent})`),
      ),
      brokenCells: Array.from(document.querySelectorAll('.report td')).flatMap((td) => brokenWords(td, 16)),
      rollbackButtons: Array.from(document.querySelectorAll('a.button, button.danger'))
        .filter((button) => /^Roll back/.test(button.textContent ?? ''))
        .map((button) => ({ text: button.textContent ?? '', visible: visible(button) })),
    };
  });
}

beforeAll(async () => {
  mkdirSync(SCREENSHOTS, { recursive: true });
  store = await createTestConnection('ui_layout');
  await initStore(store);
  const marts = await createMarts(store);
  // Long words where a page could least afford them: ids, emails, a grade metric's name.
  await createAgent(
    store,
    'support_triage',
    {
      name: 'Support triage for the enterprise queue',
      system_prompt: 'Resolve tickets.\nEscalate refunds.\nBe kind.',
      model: 'gpt-4.1-2025-04-14',
      temperature: 0.3,
      tools: ['read_tickets', 'search_knowledge_base'],
      mcp_servers: [{ name: 'kb', url: 'https://knowledge-base.internal.acme.dev/mcp/v1/search' }],
    },
    { author: 'ann.example@support-engineering.acme.dev', message: 'first version' },
  );
  await editAgent(
    store,
    'support_triage',
    { patch: { systemPrompt: XSS_PROMPT } },
    { author: 'mallory', message: 'a message long enough to wrap several times on a phone, about why the prompt changed' },
  );
  await editAgent(
    store,
    'support_triage',
    { patch: { set: { temperature: 0.6, 'extra.escalation_policy_document': 'https://wiki.acme.dev/support/escalations' } } },
    { author: 'bob@acme.dev', message: 'warmer' },
  );
  await rollbackAgent(store, 'support_triage', 2, { author: 'oncall@acme.dev', expectedVersion: 3 });
  await createAgent(
    store,
    'billing_bot',
    { name: 'Billing', system_prompt: 'Bill.', model: 'gpt-4.1-mini' },
    { author: 'cy', message: 'hi' },
  );
  for (const [version, date, resolved] of [
    [1, '2026-11-01', 360],
    [2, '2026-11-03', 290],
    [3, '2026-11-05', 280],
    [4, '2026-11-07', 300],
  ] as const) {
    await writeDailyMetrics(marts, 'support_triage', version, date, {
      n_runs: 500,
      n_resolved: resolved,
      n_succeeded: 495,
      n_errors: 5,
      n_cost_usd: 500,
      sum_cost_usd: 50 + version,
      sum_sq_cost_usd: 5.4 + version,
    });
    for (const metric of ['helpfulness_of_the_first_answer', 'tone']) {
      await writeGradeMetrics(marts, 'support_triage', version, date, metric, {
        n_graded: 120,
        n_verdicts: 120,
        n_passed: 80 + 5 * version,
        n_score: 120,
        sum_score: 84,
        sum_sq_score: 64,
      });
    }
  }
  server = await startUiServer({
    host: '127.0.0.1',
    port: 0,
    auth: { kind: 'none' },
    author: 'oncall.engineer@support-engineering.acme.dev',
    backend: createBackend({ store: async () => store, marts: async () => marts }),
    backendLabel: () => `emulator, project ${store.projectId}, dataset ${store.datasetId}`,
  });
  browser = await launchChromium();
  page = await browser.newPage();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe.each(VIEWPORTS)('at $width×$height', (viewport) => {
  it.each(Object.entries(PAGES))('%s fits: no sideways scroll, headers whole, rollback buttons on screen', async (name, path) => {
    await page.setViewport(viewport);
    const response = await page.goto(`${server.url}${path}`);
    expect(response?.status(), name).toBe(200);
    await page.screenshot({ path: join(SCREENSHOTS, `layout-${name}-${viewport.width}.png`), fullPage: true });
    const layout = await measure();
    const at = `${name} at ${viewport.width}px`;
    expect(layout.pageOverflow, `${at}: ${layout.wide.join(', ')}`).toBeLessThanOrEqual(0);
    expect(layout.brokenHeaders, at).toEqual([]);
    expect(layout.brokenCells, at).toEqual([]);
    for (const button of layout.rollbackButtons) expect(button, at).toMatchObject({ visible: true });
    if (name === 'history') expect(layout.rollbackButtons.length, at).toBe(3);
    if (name === 'rollback') expect(layout.rollbackButtons.length, at).toBe(1);
  });
});
