// Jobs per edit and per rollback (counted as jobs.query requests), edit/rollback latency in SELECT 1
// round trips, and history/diff/blame on an agent with 1,000 versions.
// Run: npx tsx bench/store-bench.ts            (emulator)
//      npx tsx bench/store-bench.ts --project <id>   (real BigQuery; creates and drops a dataset)

import { param } from '../src/bigquery/query-parameters.js';
import { runQuery } from '../src/bigquery/run-query.js';
import { diffConfigs } from '../src/diff/index.js';
import { createAgent, editAgent, rollbackAgent } from '../src/store/agent-writes.js';
import { blameAgent } from '../src/store/blame-agent.js';
import { initStore } from '../src/store/init-store.js';
import { getVersionPair, listHistory } from '../src/store/read-versions.js';
import { countQueries } from '../test/emulator/count-queries.js';
import { fmt, medianMs, openTarget, ratio } from './bench-kit.js';

const target = await openTarget('store');
// Counted by request: on the emulator runQuery deletes each job once read, so jobs.list cannot count them.
const counted = countQueries(target.connection);
const conn = counted.connection;
const jobCount = async () => counted.count();

try {
  await initStore(conn, ['agent_configs']);
  const first = await createAgent(
    conn,
    'jobs',
    { name: 'J', system_prompt: 'p', model: 'm', temperature: 0 },
    { author: 'bench', message: 'v1' },
  );

  let before = await jobCount();
  await editAgent(
    conn,
    'jobs',
    { config: { ...first.record.config, temperature: 0.5 } },
    { author: 'bench', message: 'edit', expectedVersion: 1 },
  );
  const editJobs = (await jobCount()) - before;
  before = await jobCount();
  await rollbackAgent(conn, 'jobs', 1, { author: 'bench', expectedVersion: 2 });
  const rollbackJobs = (await jobCount()) - before;
  before = await jobCount();
  await editAgent(conn, 'jobs', { patch: { set: { temperature: 0.7 } } }, { author: 'bench', message: 'patch' });
  const patchJobs = (await jobCount()) - before;

  const select1 = await medianMs(15, () => runQuery(conn, 'SELECT 1 AS one'));
  let version = 4;
  const edit = await medianMs(15, async (i) => {
    await editAgent(
      conn,
      'jobs',
      { config: { ...first.record.config, temperature: (i + 10) / 100 } },
      { author: 'bench', message: 'edit', expectedVersion: version },
    );
    version++;
  });
  const rollback = await medianMs(15, async () => {
    await rollbackAgent(conn, 'jobs', version - 1, { author: 'bench', expectedVersion: version });
    version++;
  });

  // 1,000 versions seeded in one statement (a read benchmark: how they were written does not matter).
  await runQuery(
    conn,
    `INSERT INTO {{dataset}}.agent_configs (agent_id, version, agent_version_id, is_latest, parent_version, name, description, system_prompt,
       temperature, model, tools, content_hash, author, change_message, request_id, created_at)
     SELECT @agent_id, v, CONCAT(@agent_id, '@', CAST(v AS STRING)), v = 1000, NULLIF(v - 1, 0), 'Big', '',
       CONCAT('You are agent number ', CAST(MOD(v, 7) AS STRING), '.\\nLine two.\\nLine three ', CAST(v AS STRING)),
       MOD(v, 20) / 10, IF(MOD(v, 50) = 0, 'm2', 'm1'), ['search_kb', CONCAT('tool_', CAST(MOD(v, 3) AS STRING))],
       CAST(v AS STRING), CONCAT('author', CAST(MOD(v, 5) AS STRING)), 'seeded', GENERATE_UUID(),
       TIMESTAMP_ADD(TIMESTAMP '2026-01-01', INTERVAL v MINUTE)
     FROM UNNEST(GENERATE_ARRAY(1, 1000)) AS v`,
    { agent_id: param.string('big') },
  );
  const history = await medianMs(5, () => listHistory(conn, 'big'));
  const history20 = await medianMs(5, () => listHistory(conn, 'big', { limit: 20 }));
  const diff = await medianMs(5, async () => {
    const [a, b] = await getVersionPair(conn, 'big', 1, 1000);
    diffConfigs(a.config, b.config);
  });
  const blame = await medianMs(5, () => blameAgent(conn, 'big'));

  console.log(`backend: ${target.emulator ? `emulator ${target.emulator.host}` : 'BigQuery'}`);
  console.log(`jobs per edit with --expected-version (jobs.list delta): ${editJobs}`);
  console.log(`jobs per rollback (jobs.list delta): ${rollbackJobs}`);
  console.log(`jobs per patch edit without --expected-version (read latest + write): ${patchJobs}`);
  console.log(`unit: SELECT 1 round trip: ${fmt(select1)}`);
  console.log(`edit latency (median of 15): ${fmt(edit)} = ${ratio(edit, select1)} SELECT 1`);
  console.log(`rollback latency (median of 15): ${fmt(rollback)} = ${ratio(rollback, select1)} SELECT 1`);
  console.log(
    `1,000 versions: history (all): ${fmt(history)} = ${ratio(history, select1)}; history -n 20: ${fmt(history20)} = ${ratio(history20, select1)}`,
  );
  console.log(`1,000 versions: diff 1..1000: ${fmt(diff)} = ${ratio(diff, select1)}; blame: ${fmt(blame)} = ${ratio(blame, select1)}`);
} finally {
  await target.close();
}
