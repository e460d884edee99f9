#!/usr/bin/env node
// `npm run demo`: the agentver story end to end, on the embedded emulator unless a GCP project is
// configured (AGENTVER_PROJECT / GOOGLE_CLOUD_PROJECT), in which case it uses a fresh dataset there.
import { randomUUID } from 'node:crypto';
import { type Connection, connect } from '../bigquery/connection.js';
import { resolveProject } from '../bigquery/resolve-target.js';
import { runDataform } from '../dataform/run-dataform.js';
import { diffConfigs, renderDiffText } from '../diff/index.js';
import { startEmulator } from '../emulator/local-emulator.js';
import { listLabels } from '../releases/list-labels.js';
import { getCurrentRelease } from '../releases/read-releases.js';
import { releaseLabel } from '../releases/release-label.js';
import { startCanary } from '../releases/start-canary.js';
import { compareAgent } from '../report/compare-agent.js';
import { renderComparisonText } from '../report/render/render-text.js';
import { parseGuardrail } from '../rollout/parse-guardrail.js';
import { createAgent, editAgent, rollbackAgent } from '../store/agent-writes.js';
import { initStore } from '../store/init-store.js';
import { getVersionPair, listHistory } from '../store/read-versions.js';
import { renderWatch } from '../watch/render-watch.js';
import { watchCanaries } from '../watch/watch-canaries.js';
import { seedCanaryTraffic } from './seed-canary-traffic.js';
import { seedDemoRuns } from './seed-demo-runs.js';

const say = (text = '') => process.stdout.write(`${text}\n`);
const step = (text: string) => say(`\n▶ ${text}`);

async function open(): Promise<{ connection: Connection; models: Connection; close: () => Promise<void>; where: string }> {
  const projectId = resolveProject({}, process.env)?.value;
  const datasetId = `agentver_demo_${randomUUID().slice(0, 8)}`;
  if (projectId) {
    return {
      connection: connect({ projectId, datasetId }),
      models: connect({ projectId, datasetId: `${datasetId}_models` }),
      close: async () => {},
      where: `BigQuery project ${projectId}, dataset ${datasetId}`,
    };
  }
  const emulator = await startEmulator({ projectId: 'demo' });
  return {
    connection: connect({ projectId: 'demo', datasetId, emulatorHost: emulator.host }),
    models: connect({ projectId: 'demo', datasetId: `${datasetId}_models`, emulatorHost: emulator.host }),
    close: () => emulator.stop(),
    where: `the embedded BigQuery emulator at ${emulator.host} (started in ${emulator.startupMs.toFixed(0)} ms), dataset ${datasetId}`,
  };
}

const PROMPT = [
  'You are the support triage agent for Acme.',
  'Read the ticket and the customer history.',
  'Search the knowledge base before answering.',
  'Answer in at most five sentences.',
  'If the customer asks for a refund, escalate to a human.',
].join('\n');

const { connection, models, close, where } = await open();

/**
 * `agentver models run`: Dataform builds the staging views, marts and assertions; with `actions`,
 * only those and what they depend on (`--actions canary_stratum_metrics`: what watch reads).
 */
async function buildModels(actions?: string[]): Promise<void> {
  const assertions = `${connection.datasetId}_assertions`;
  for (const datasetId of [models.datasetId, assertions]) {
    const dataset = connection.bigquery.dataset(datasetId);
    if (!(await dataset.exists())[0]) await dataset.create();
  }
  const run = await runDataform({
    projectId: connection.projectId,
    dataset: models.datasetId,
    rawDataset: connection.datasetId,
    assertionDataset: assertions,
    // On the emulator a rebuild of the demo's few thousand runs is faster than the incremental
    // scripts' temp tables (bench/RESULTS.md, "Staged rollouts"); the models are the same either way.
    ...(connection.emulatorHost ? { emulatorHost: connection.emulatorHost, fullRefresh: true } : {}),
    ...(actions ? { actions, includeDependencies: true } : {}),
  });
  say(
    `  ${run.ok ? 'built every model, all assertions passed' : `FAILED: ${run.failedActions.join(', ')}`} in ${(run.durationMs / 1000).toFixed(1)} s`,
  );
  if (!run.ok) throw new Error(run.output);
}

/** A customer's own propensity to be resolved: their history predicts it, which CUPED uses. */
const propensity = (customer: number) => (customer % 10 < 7 ? 0.92 : 0.35);

/**
 * A good version ramped through its schedule: customers with two days of history, a canary with
 * --ramp 25,50,100 and --ship-when no-harm, and at each stage new and returning customers through
 * the resolver, a models run and watch --apply, until it ships (or, were it harmful, rolls back).
 */
async function stagedRollout(baseline: number): Promise<void> {
  step('a better prompt: the agent quotes the knowledge-base article it used');
  const base = (await getVersionPair(connection, 'support_triage', baseline, baseline))[0];
  const better = await editAgent(
    connection,
    'support_triage',
    { patch: { systemPrompt: `${base.config.system_prompt}\nQuote the knowledge-base article you used.` } },
    { author: 'bob@acme.dev', message: 'quote the article' },
  );
  const version = better.record.version;
  say(`  ${better.record.agentVersionId} by bob@acme.dev: quote the article`);

  const customers = (from: number) => (i: number) => `customer-${from + i}`;
  step('600 customers used production in the last two days, two runs each: their history, tagged with their customer id');
  const history = await seedCanaryTraffic(connection, {
    agentId: 'support_triage',
    label: 'production',
    units: 600,
    runsPerUnit: 2,
    unitName: customers(0),
    since: new Date(Date.now() - 2 * 24 * 60 * 60 * 1000),
    resolutionRate: (_version, i) => propensity(i),
    seed: 1,
  });
  for (const line of history.lines) say(`  ${line}`);

  step(
    `agentver canary support_triage ${version} --label production --ramp 25,50,100 --stage-hours 0.001 --ship-when no-harm --guardrail error_rate:+0.02 --guardrail cost_usd:+20%`,
  );
  const started = await startCanary(connection, {
    agentId: 'support_triage',
    label: 'production',
    version,
    percent: 25,
    author: 'bob@acme.dev',
    message: 'ramp the quoting prompt',
    policy: {
      ramp: [25, 50, 100],
      stageHours: 0.001,
      shipWhen: 'no-harm',
      // a +20% cost margin: a few hundred customers cannot show cost within +10% (docs/watch.md, "Ramps and ship rules")
      guardrails: [parseGuardrail('error_rate:+0.02'), parseGuardrail('cost_usd:+20%')],
    },
  });
  say(`  production → release ${started.release.releaseNumber}: version ${version} at 25%, then 50%, then 100% when nothing shows harm`);
  say('  (a stage of 0.001 h, 3.6 s, so the demo need not wait a day; the default is 24 h)');

  for (let look = 1; look <= 4; look++) {
    const release = await getCurrentRelease(connection, 'support_triage', 'production');
    if (release?.kind !== 'canary') break;
    step(`at ${release.candidatePercent}%: 600 customers come back and 600 new ones arrive, through the resolver`);
    const traffic = await seedCanaryTraffic(connection, {
      agentId: 'support_triage',
      label: 'production',
      units: 1200,
      unitName: customers(600 * (look - 1)),
      since: new Date(release.createdAt),
      resolutionRate: (served, i) => propensity(i) + (served === version ? 0.06 : 0),
      seed: 1 + look,
    });
    for (const line of traffic.lines) say(`  ${line}`);
    step(
      'agentver models run --actions canary_stratum_metrics, then agentver watch --apply (CUPED on each customer’s history; advance, ship or roll back)',
    );
    await buildModels(['canary_stratum_metrics']);
    const watched = await watchCanaries(connection, models, { agentId: 'support_triage', apply: true, author: 'watch@acme.dev' });
    say(renderWatch(watched).replace(/^/gm, '  '));
  }
}

try {
  say(`agentver demo on ${where}`);
  step('agentver init: dataset and tables');
  const init = await initStore(connection);
  say(`  created tables: ${init.tablesCreated.join(', ')}`);

  step('agentver create support_triage: version 1');
  const v1 = await createAgent(
    connection,
    'support_triage',
    {
      name: 'Support triage',
      system_prompt: PROMPT,
      model: 'gpt-4.1',
      temperature: 0.3,
      max_tokens: 800,
      tools: ['read_tickets', 'search_kb'],
      budgets: { max_cost_usd_per_task: 0.25, max_llm_calls_per_task: 8 },
      policy_overrides: { pii: 'redact' },
    },
    { author: 'gil@acme.dev', message: 'first version' },
  );
  say(`  ${v1.record.agentVersionId} by ${v1.record.author}`);

  step('three edits, each one BigQuery job (MERGE with compare-and-swap)');
  const edits = [
    { patch: { set: { temperature: 0.6 } }, by: 'ann@acme.dev', why: 'friendlier answers' },
    {
      patch: { addTools: ['send_email'], set: { 'budgets.max_cost_usd_per_task': 0.4 } },
      by: 'bob@acme.dev',
      why: 'let it email customers',
    },
    {
      patch: {
        systemPrompt: PROMPT.replace(
          'If the customer asks for a refund, escalate to a human.',
          'Offer a refund when the customer is unhappy.',
        ),
      },
      by: 'ann@acme.dev',
      why: 'fewer escalations',
    },
  ];
  let latest = v1.record;
  for (const edit of edits) {
    latest = (
      await editAgent(
        connection,
        'support_triage',
        { patch: edit.patch },
        { author: edit.by, message: edit.why, expectedVersion: latest.version },
      )
    ).record;
    say(`  ${latest.agentVersionId} by ${edit.by}: ${edit.why}`);
  }

  step('a stale edit (based on version 2) is refused, nothing written');
  try {
    await editAgent(
      connection,
      'support_triage',
      { patch: { set: { temperature: 0.9 } } },
      { author: 'eve@acme.dev', message: 'hotter', expectedVersion: 2 },
    );
  } catch (error) {
    say(`  ${(error as Error).message}`);
  }

  step(`agentver diff support_triage 1 ${latest.version}`);
  const [from, to] = await getVersionPair(connection, 'support_triage', 1, latest.version);
  say(
    renderDiffText(diffConfigs(from.config, to.config), { header: `${from.agentVersionId} → ${to.agentVersionId}` }).replace(/^/gm, '  '),
  );

  step('production runs, each tagged with its agent_version_id (TelemetryRecorder, batched inserts)');
  const seeded = await seedDemoRuns(connection, 'support_triage', latest.version);
  for (const line of seeded) say(`  ${line}`);

  step('agentver models run: Dataform builds staging, marts and assertions');
  await buildModels();

  step(`agentver compare support_triage ${latest.version - 1} ${latest.version}`);
  const compared = await compareAgent(connection, models, 'support_triage', { from: latest.version - 1, to: latest.version });
  say(
    renderComparisonText(compared.comparison, compared.rollbackCommand ? { rollbackCommand: compared.rollbackCommand } : {}).replace(
      /^/gm,
      '  ',
    ),
  );

  step(`agentver rollback support_triage --to ${latest.version - 1} --yes`);
  const rollback = await rollbackAgent(connection, 'support_triage', latest.version - 1, {
    author: 'oncall@acme.dev',
    message: `v${latest.version} resolves fewer tickets`,
  });
  say(
    `  ${rollback.record.agentVersionId}: exact copy of version ${rollback.record.rollbackTo}, replacing ${rollback.record.rollbackFrom}`,
  );

  step('agentver history support_triage');
  for (const version of await listHistory(connection, 'support_triage')) {
    const rolled = version.rollbackTo === null ? '' : ` (rollback to ${version.rollbackTo})`;
    say(
      `  ${String(version.version).padStart(2)} ${version.isLatest ? '*' : ' '} ${version.author.padEnd(16)} ${version.changeMessage}${rolled}`,
    );
  }

  // The causal story: the versions run side by side on randomized traffic, not one after the other.
  const baseline = latest.version - 1;
  const candidate = latest.version;
  step(`agentver release support_triage ${baseline} --label production`);
  const released = await releaseLabel(connection, {
    agentId: 'support_triage',
    label: 'production',
    version: baseline,
    author: 'gil@acme.dev',
  });
  say(`  production → release ${released.release.releaseNumber}: version ${baseline} at 100%`);

  step(`agentver canary support_triage ${candidate} --label production --percent 20`);
  const canary = await startCanary(connection, {
    agentId: 'support_triage',
    label: 'production',
    version: candidate,
    percent: 20,
    author: 'ann@acme.dev',
    message: 'try the refund prompt on 20% of tickets',
  });
  say(
    `  production → release ${canary.release.releaseNumber}: ${canary.release.routes.map((r) => `version ${r.version} at ${r.percent}% (${r.arm})`).join(', ')}`,
  );
  say('  policy: primary resolution_rate, guardrails error_rate:+0.02 and cost_usd:+10%, at most 14 days');

  step('2,000 tickets through the resolver: each ticket sticks to its arm, each run is tagged with label, release and arm');
  const traffic = await seedCanaryTraffic(connection, {
    agentId: 'support_triage',
    label: 'production',
    units: 2000,
    since: new Date(canary.release.createdAt),
    resolutionRate: (version) => (version === candidate ? 0.58 : 0.72),
  });
  for (const line of traffic.lines) say(`  ${line}`);

  step(
    'agentver models run --actions canary_stratum_metrics: it sums each ticket, then each arm and entry state, since the canary began (cost and latency capped at the pooled p99)',
  );
  await buildModels(['canary_stratum_metrics']);

  step('agentver watch --apply: sample ratio of tickets, always-valid intervals by ticket, the decision, applied as a compare-and-swap');
  const watched = await watchCanaries(connection, models, { agentId: 'support_triage', apply: true, author: 'watch@acme.dev' });
  say(renderWatch(watched).replace(/^/gm, '  '));

  await stagedRollout(baseline);

  step('agentver labels support_triage');
  const labels = await listLabels(connection, 'support_triage');
  for (const label of labels.labels) {
    const routes = label.routes.map((r) => `version ${r.version} at ${r.percent}%`).join(', ');
    say(`  ${label.label}: release ${label.releaseNumber} (${label.kind}) serves ${routes}, by ${label.author}: ${label.changeMessage}`);
  }
  say('\nDone. The same steps are CLI commands: run `npx agentver --help`.');
} finally {
  await close();
}
