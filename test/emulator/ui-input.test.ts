// Bad input to the web page, in-process (app.request, no socket): each refused value names its
// field and the rule it broke, before any BigQuery query; a version that does not exist is a 404
// naming the latest one; a history page out of range says the valid range; every error links back.
import { beforeAll, describe, expect, it } from 'vitest';
import type { Connection } from '../../src/bigquery/connection.js';
import { createAgent, editAgent } from '../../src/store/agent-writes.js';
import { initStore } from '../../src/store/init-store.js';
import { createBackend } from '../../src/ui/backend.js';
import { createUiApp } from '../../src/ui/create-app.js';
import { countQueries } from './count-queries.js';
import { createTestConnection } from './test-connection.js';
import { createMarts, writeDailyMetrics } from './ui-fixtures.js';
import { PageClient, type PageResponse } from './ui-harness.js';

let store: Connection;
let counted: ReturnType<typeof countQueries>;
let countedMarts: ReturnType<typeof countQueries>;
/** BigQuery queries so far, on the config store and the marts. */
const queries = () => counted.count() + countedMarts.count();

let client: PageClient;

/** A page's text with the entities html`` writes turned back into characters. */
const text = (page: PageResponse) =>
  page.text
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');

beforeAll(async () => {
  store = await createTestConnection('ui_input');
  await initStore(store);
  counted = countQueries(store);
  const marts = await createMarts(store);
  countedMarts = countQueries(marts);
  await createAgent(store, 'triage', { name: 'Triage', system_prompt: 'v1', model: 'm' }, { author: 'ann', message: 'v1' });
  for (let version = 2; version <= 7; version++) {
    await editAgent(store, 'triage', { patch: { systemPrompt: `v${version}` } }, { author: 'ann', message: `v${version}` });
  }
  await writeDailyMetrics(marts, 'triage', 6, '2026-11-01', { n_runs: 500, n_resolved: 360, n_succeeded: 500 });
  await writeDailyMetrics(marts, 'triage', 7, '2026-11-03', { n_runs: 500, n_resolved: 290, n_succeeded: 490 });
  client = new PageClient(
    createUiApp({
      backend: createBackend({ store: async () => counted.connection, marts: async () => countedMarts.connection }),
      auth: { kind: 'none' },
      author: 'tester@acme.dev',
      backendLabel: () => 'emulator',
      pageSize: 3,
    }),
  );
});

describe('metrics filters', () => {
  it.each([
    ['since=2026-13-45', 'since', 'must be a real calendar date YYYY-MM-DD: there is no month 13 (got 2026-13-45)'],
    ['until=2026-02-29', 'until', 'must be a real calendar date YYYY-MM-DD: 2026-02 has days 01 to 28 (got 2026-02-29)'],
    ['until=2026-04-31', 'until', 'must be a real calendar date YYYY-MM-DD: 2026-04 has days 01 to 30 (got 2026-04-31)'],
    ['since=2026-11-00', 'since', 'must be a real calendar date YYYY-MM-DD: 2026-11 has days 01 to 30 (got 2026-11-00)'],
    ['since=0000-01-01', 'since', 'must be a real calendar date YYYY-MM-DD: years start at 0001 (got 0000-01-01)'],
    ['since=yesterday', 'since', 'must be a date like 2026-11-01 (a real calendar date YYYY-MM-DD; got "yesterday")'],
    ['since=2026-1-5', 'since', 'must be a date like 2026-11-01 (a real calendar date YYYY-MM-DD; got "2026-1-5")'],
    ['fromVersion=abc', 'fromVersion', 'must be a version number, a whole number like 3 (got "abc")'],
    ['fromVersion=1e3', 'fromVersion', 'must be a version number, a whole number like 3 (got "1e3")'],
    ['fromVersion=-1', 'fromVersion', 'must be at least 1 (got "-1")'],
    ['fromVersion=0', 'fromVersion', 'must be at least 1 (got 0)'],
    ['toVersion=1.5', 'toVersion', 'must be a whole number (got "1.5")'],
    ['toVersion=9007199254740992', 'toVersion', 'must be at most 9007199254740991 (got "9007199254740992")'],
    ['fromVersion=99999999999999999999999', 'fromVersion', 'must be at most 9007199254740991 (got "99999999999999999999999")'],
    ['fromVersion=5&toVersion=2', 'fromVersion', 'is after toVersion'],
    ['since=2026-11-05&until=2026-11-01', 'since', 'is after until'],
  ])('?%s is a 400 naming %s and its rule, before any query', async (query, field, rule) => {
    const before = queries();
    const page = await client.get(`/agents/triage/metrics?${query}`);
    expect(queries() - before).toBe(0);
    expect(page.status).toBe(400);
    expect(text(page)).toContain(`<code class="code">invalid_input</code> invalid filter: ${field}: ${rule}`);
    expect(text(page)).toContain(`<li><code>${field}</code> ${rule}</li>`);
    // The form keeps what was typed, so it can be fixed in place; the error links back to the agent.
    expect(text(page)).toContain(`value="${new URLSearchParams(query).get(field)}"`);
    expect(page.text).toContain('<a href="/agents/triage">Back to triage</a>');
  });

  it('takes empty boxes (the form submitted as is) as no filter, and real dates such as 29 February of a leap year', async () => {
    expect((await client.get('/agents/triage/metrics?fromVersion=&toVersion=&since=&until=')).status).toBe(200);
    const leap = await client.get('/agents/triage/metrics?since=2024-02-29&until=2026-12-31&fromVersion=6');
    expect(leap.status).toBe(200);
    expect(leap.text).toContain('triage@7 vs triage@6');
  });

  it('a version past the latest is a 404 naming it and the latest, not an empty report', async () => {
    for (const field of ['fromVersion', 'toVersion']) {
      const before = queries();
      const page = await client.get(`/agents/triage/metrics?${field}=99`);
      expect(queries() - before).toBe(1); // the agent's latest row only
      expect(page.status).toBe(404);
      expect(page.text).toContain('<code class="code">not_found</code> triage has no version 99 (latest is 7)');
      expect(page.text).toContain(`hint: Pick ${field} from 1 to 7, or leave it empty.`);
      expect(page.text).toContain('value="99"');
      expect(page.text).toContain('<a href="/agents/triage">Back to triage</a>');
    }
    // The latest itself is a report.
    expect((await client.get('/agents/triage/metrics?fromVersion=6&toVersion=7')).status).toBe(200);
  });

  it('an unknown agent is a 404 that links to every agent', async () => {
    const page = await client.get('/agents/nobody/metrics?fromVersion=2');
    expect(page.status).toBe(404);
    expect(page.text).toContain('agent nobody does not exist');
    expect(page.text).toContain('<a href="/agents">All agents</a>');
  });
});

describe('history pages', () => {
  const versions = (page: PageResponse) => [...page.text.matchAll(/<tr id="v(\d+)"/g)].map((match) => Number(match[1]));

  it('a page out of range is a 400 giving the valid range, with a link to the newest page', async () => {
    for (const before of [99, 9, 1]) {
      const query = queries();
      const page = await client.get(`/agents/triage?before=${before}`);
      expect(queries() - query).toBe(1);
      expect(page.status).toBe(400);
      expect(page.text).toContain(
        '<li><code>before</code> must be from 2 to 8: the page lists the versions before it, and the latest is @7</li>',
      );
      expect(versions(page)).toEqual([]);
      expect(page.text).toContain('<a href="/agents/triage">Back to triage</a>');
    }
  });

  it.each([
    ['before=0', 'before', 'must be at least 1 (got 0)'],
    ['before=abc', 'before', 'must be a version number, a whole number like 3 (got "abc")'],
    ['before=2.5', 'before', 'must be a whole number (got "2.5")'],
    ['before=99999999999999999999', 'before', 'must be at most 9007199254740991 (got "99999999999999999999")'],
    ['written=-4', 'written', 'must be at least 1 (got "-4")'],
  ])('?%s is a 400 naming %s and its rule', async (query, field, rule) => {
    const page = await client.get(`/agents/triage?${query}`);
    expect(page.status).toBe(400);
    expect(text(page)).toContain(`<li><code>${field}</code> ${rule}</li>`);
    expect(page.text).toContain('<a href="/agents/triage">Back to triage</a>');
  });

  it('every page in range lists its versions: 2 to latest + 1, and no before at all', async () => {
    expect(versions(await client.get('/agents/triage'))).toEqual([7, 6, 5]);
    expect(versions(await client.get('/agents/triage?before=8'))).toEqual([7, 6, 5]);
    expect(versions(await client.get('/agents/triage?before=7'))).toEqual([6, 5, 4]);
    expect(versions(await client.get('/agents/triage?before=2'))).toEqual([1]);
    expect(versions(await client.get('/agents/triage?before='))).toEqual([7, 6, 5]);
  });
});

describe('other pages', () => {
  it('a version too large for JavaScript or INT64 is a 400, not a BigQuery failure', async () => {
    const rollback = await client.get('/agents/triage/rollback?to=99999999999999999999&expected=7');
    expect(rollback.status).toBe(400);
    expect(text(rollback)).toContain('<li><code>to</code> must be at most 9007199254740991 (got "99999999999999999999")</li>');
    const diff = await client.get('/agents/triage/diff?v=1.5&v=2');
    expect(diff.status).toBe(400);
    expect(text(diff)).toContain('<li><code>from</code> must be a whole number (got "1.5")</li>');
    // The error page links back to every agent.
    expect(diff.text).toContain('<a href="/agents">All agents</a>');
  });

  it('a missing version links back to its agent; a missing agent or page to every agent', async () => {
    const missing = await client.get('/agents/triage/diff?v=1&v=99');
    expect(missing.status).toBe(404);
    expect(missing.text).toContain('triage has no version 99 (latest is 7)');
    expect(missing.text).toContain('<a href="/agents/triage">Back to triage</a>');
    for (const path of ['/agents/nobody', '/nowhere', '/agents/Bad%20Id']) {
      expect((await client.get(path)).text, path).toContain('<a href="/agents">All agents</a>');
    }
  });

  it('a conflict says what to do in the browser, not with a CLI flag', async () => {
    const confirm = await client.get('/agents/triage/rollback?to=2&expected=7');
    await editAgent(store, 'triage', { patch: { systemPrompt: 'v8' } }, { author: 'dana', message: 'meanwhile' });
    const result = await client.post('/agents/triage/rollback', { csrf: PageClient.csrf(confirm), to: 2, expectedVersion: 7 });
    expect(result.status).toBe(409);
    expect(result.text).not.toContain('--expected-version');
    expect(text(result)).toContain('hint: Review what changed below, then press "Reload" to review rolling back to @2 against the live @8');
    expect(result.text).toContain('href="/agents/triage/rollback?to=2&amp;expected=8"');
    // A rollback to what is live now has nothing to reload into.
    const stale = await client.get('/agents/triage/rollback?to=8&expected=7');
    expect(stale.status).toBe(409);
    expect(stale.text).toContain('hint: Review what changed below: @8 is live now, so there is nothing to roll back to.');
  });
});
