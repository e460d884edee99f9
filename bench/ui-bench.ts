/// <reference lib="dom" />
// The web page on an agent with 1,000 versions: time to first byte and full load of the agent
// page (over HTTP from Node, and in headless Chromium with its navigation timing), and the
// BigQuery queries each page view runs (counted by wrapping the connection; goal: at most 3).
// Run: npx tsx bench/ui-bench.ts            (emulator; needs chromium, or CHROME_PATH)
//      npx tsx bench/ui-bench.ts --project <id>   (real BigQuery; creates and drops a dataset)
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import puppeteer from 'puppeteer-core';
import { param } from '../src/bigquery/query-parameters.js';
import { runQuery } from '../src/bigquery/run-query.js';
import { initStore } from '../src/store/init-store.js';
import { createBackend } from '../src/ui/backend.js';
import { startUiServer } from '../src/ui/start-ui-server.js';
import { countQueries } from '../test/emulator/count-queries.js';
import { createMarts, writeDailyMetrics } from '../test/emulator/ui-fixtures.js';
import { fmt, median, medianMs, openTarget } from './bench-kit.js';

const VERSIONS = 1_000;
const REPEATS = 15;
const target = await openTarget('ui');
const store = target.connection;

try {
  await initStore(store, ['agent_configs']);
  const marts = await createMarts(store);
  // 1,000 versions seeded in one statement (the page only reads them; how they were written does not
  // matter): a 40-line prompt of which each version rewrites one line, as prompt edits do.
  await runQuery(
    store,
    `INSERT INTO {{dataset}}.agent_configs (agent_id, version, agent_version_id, is_latest, parent_version, name, description, system_prompt,
       temperature, model, tools, content_hash, author, change_message, request_id, created_at)
     SELECT 'big', v, CONCAT('big@', CAST(v AS STRING)), v = @versions, NULLIF(v - 1, 0), 'Big', '',
       ARRAY_TO_STRING(ARRAY(
         SELECT IF(line = MOD(v, 40), CONCAT('Rule ', CAST(line AS STRING), ': revised in v', CAST(v AS STRING), '.'),
                   CONCAT('Rule ', CAST(line AS STRING), ': as before.'))
         FROM UNNEST(GENERATE_ARRAY(0, 39)) AS line ORDER BY line), '\\n'),
       MOD(v, 20) / 10, 'gpt-4.1', ['search_kb', CONCAT('tool_', CAST(MOD(v, 3) AS STRING))],
       CAST(v AS STRING), CONCAT('author', CAST(MOD(v, 5) AS STRING), '@acme.dev'), CONCAT('change number ', CAST(v AS STRING)),
       GENERATE_UUID(), TIMESTAMP_ADD(TIMESTAMP '2026-01-01', INTERVAL v MINUTE)
     FROM UNNEST(GENERATE_ARRAY(1, @versions)) AS v`,
    { versions: param.int64(VERSIONS) },
  );
  for (let version = VERSIONS - 19; version <= VERSIONS; version++) {
    await writeDailyMetrics(marts, 'big', version, '2026-11-01', { n_runs: 200, n_resolved: 140, n_succeeded: 198, n_errors: 2 });
  }

  // The unit for reading the times on a noisy machine: one round trip to the backend.
  const select1 = await medianMs(REPEATS, () => runQuery(store, 'SELECT 1'));
  console.log(`SELECT 1 (median of ${REPEATS}): ${fmt(select1)}`);
  const counted = countQueries(store);
  const countedMarts = countQueries(marts);
  const queries = () => counted.count() + countedMarts.count();
  const server = await startUiServer({
    host: '127.0.0.1',
    port: 0,
    auth: { kind: 'none' },
    author: 'bench',
    backend: createBackend({ store: async () => counted.connection, marts: async () => countedMarts.connection }),
    backendLabel: () => 'bench',
  });

  const pages: Array<[string, string]> = [
    ['agents', '/agents'],
    ['agent (newest 50 of 1,000)', '/agents/big'],
    ['agent, page 11 (?before=500)', '/agents/big?before=500'],
    ['diff @1 → @1000', '/agents/big/diff?from=1&to=1000'],
    ['blame', '/agents/big/blame'],
    ['metrics (20 versions with runs)', '/agents/big/metrics'],
    ['rollback confirm', '/agents/big/rollback?to=999&expected=1000'],
  ];
  console.log('\n| page | queries per view | TTFB (median) | full response (median) | bytes |');
  console.log('|---|---|---|---|---|');
  for (const [label, path] of pages) {
    const before = queries();
    await (await fetch(`${server.url}${path}`)).text(); // warm-up, and the query count of one view
    const perView = queries() - before;
    const firsts: number[] = [];
    const fulls: number[] = [];
    let bytes = 0;
    for (let i = 0; i < REPEATS; i++) {
      const t0 = performance.now();
      const response = await fetch(`${server.url}${path}`);
      firsts.push(performance.now() - t0);
      bytes = (await response.text()).length;
      fulls.push(performance.now() - t0);
    }
    console.log(`| ${label} | ${perView} | ${fmt(median(firsts))} | ${fmt(median(fulls))} | ${bytes.toLocaleString('en')} |`);
  }

  const browser = await puppeteer.launch({
    executablePath: process.env.CHROME_PATH ?? '/usr/bin/chromium',
    headless: true,
    userDataDir: mkdtempSync(join(tmpdir(), 'agentver-bench-chromium-')),
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  const tab = await browser.newPage();
  const timings: Array<{ ttfb: number; load: number }> = [];
  await tab.goto(`${server.url}/agents/big`, { waitUntil: 'load' });
  for (let i = 0; i < REPEATS; i++) {
    await tab.goto(`${server.url}/agents/big`, { waitUntil: 'load' });
    timings.push(
      await tab.evaluate(() => {
        const [entry] = performance.getEntriesByType('navigation') as PerformanceNavigationTiming[];
        return { ttfb: entry?.responseStart ?? Number.NaN, load: entry?.loadEventEnd ?? Number.NaN };
      }),
    );
  }
  await browser.close();
  console.log(
    `\nchromium, agent page with ${VERSIONS} versions (median of ${REPEATS}): TTFB ${fmt(median(timings.map((t) => t.ttfb)))}, load event ${fmt(median(timings.map((t) => t.load)))}`,
  );
  await server.close();
} finally {
  await target.close();
}
