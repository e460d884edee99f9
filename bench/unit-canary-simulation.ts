/**
 * Validity and power of `agentver watch` by unit (issue 22, item 5), by seeded simulation through
 * the real decision path (canaryLook → decideRollout on the sums canary_stratum_metrics keeps):
 * A/A canaries with many runs per unit and intra-unit correlation, ramps with weekdays and drift,
 * heavy-tailed cost, the sample-ratio check on a correct and a broken split, and the days to roll
 * back a real drop. Data model: bench/unit-canary-simulation-kit.ts.
 * Run: npx tsx bench/unit-canary-simulation.ts [streams=1000] [group=all|aa|ramp|srm|power|runlevel]
 * (results in bench/RESULTS.md; two groups can run in two processes at once)
 */
import { powerProportions } from '../src/stats/power-proportions.js';
import { dayQuantile } from './rollout-simulation-kit.js';
import { SIMULATION_POLICY, simulateUnitCanaries, type UnitOutcome, type UnitScenario } from './unit-canary-simulation-kit.js';

const streams = Number(process.argv[2] ?? 1000);
const group = process.argv[3] ?? 'all';
const pct = (x: number) => `${(100 * x).toFixed(1)}%`;
const se = (p: number, n: number) => Math.sqrt((Math.max(p, 1 / n) * (1 - Math.max(p, 1 / n))) / n);
const count = (x: number) => (Number.isNaN(x) ? '—' : String(Math.round(x)));
const withSe = (k: number, n: number) => `${pct(k / n)} ± ${pct(se(k / n, n))}`;

const base = { days: 30, runsPerDay: 2000, resolution: { baseline: 0.7, candidate: 0.7 } } as const;
const users = { ...base, runsPerUnit: 10, gapDays: 1 } as const;
// 10% → 50% on day 7; weekday 0 is Monday, so firstWeekday 0 ramps on a Monday and 1 on a Tuesday.
const ramp = [
  { day: 0, percent: 10 },
  { day: 7, percent: 50 },
];
const weekend = (firstWeekday: number) => ({ weekend: { effect: -0.05, firstWeekday }, weekendTraffic: 0.6 });

function runRow(label: string, scenario: UnitScenario): UnitOutcome {
  const t = Date.now();
  const r = simulateUnitCanaries(scenario);
  const n = scenario.streams;
  const c = r.counts;
  console.log(
    `| ${label} | ${withSe(c.rollback, n)} | ${withSe(c.promote, n)} | ${withSe(c.srm, n)} | ${withSe(c.misassigned, n)} | ${count(r.unitsByDay7)} / ${count(r.runsByDay7)} | ${((Date.now() - t) / 1000).toFixed(0)} s |`,
  );
  return r;
}

const header = () => {
  console.log(
    `\n| A/A, ${streams} streams, 30 daily looks, 10% canary, ~2,000 runs a day | false rollback | false promotion | srm | misassigned | units / runs by day 7 | time |`,
  );
  console.log('|---|---|---|---|---|---|---|');
};

if (group === 'all' || group === 'aa') {
  header();
  runRow('every run its own unit (no assignment unit)', { ...base, runsPerUnit: 1, seed: 101, streams });
  runRow('runs per unit geometric, mean 10, no correlation', { ...users, seed: 102, streams });
  runRow('same, ICC 0.1', { ...users, icc: 0.1, seed: 103, streams });
  runRow('same, ICC 0.3', { ...users, icc: 0.3, seed: 104, streams });
  runRow('ICC 0.1, cost Pareto α 1.5 (capped at the pooled p99), guardrail cost_usd:+10%', {
    ...users,
    icc: 0.1,
    cost: 'pareto',
    seed: 105,
    streams,
  });
}

if (group === 'all' || group === 'ramp') {
  header();
  runRow('ramp 10% → 50% on day 7 (a Monday), weekend effect −5 points and 60% traffic, ICC 0.1', {
    ...users,
    icc: 0.1,
    schedule: ramp,
    ...weekend(0),
    seed: 201,
    streams,
  });
  runRow('same, ramp on a Tuesday', { ...users, icc: 0.1, schedule: ramp, ...weekend(1), seed: 202, streams });
  runRow('ramp on a Monday, plus a drift of −0.2 points a day', {
    ...users,
    icc: 0.1,
    schedule: ramp,
    ...weekend(0),
    drift: -0.002,
    seed: 203,
    streams,
  });
  runRow('ramp on a Tuesday, plus a drift of +0.2 points a day', {
    ...users,
    icc: 0.1,
    schedule: ramp,
    ...weekend(1),
    drift: 0.002,
    seed: 204,
    streams,
  });
  runRow('ramp on a Monday, drift −0.2, every run its own unit', {
    ...base,
    runsPerUnit: 1,
    schedule: ramp,
    ...weekend(0),
    drift: -0.002,
    seed: 205,
    streams,
  });
}

if (group === 'all' || group === 'srm') {
  // The SRM check alone: no metric can roll these back (A/A), so every stop is an srm.
  console.log(
    `\n| SRM on units, ${streams} streams, 2,000 runs a day | flagged ever | flagged by day 7 | median / last day flagged | units / runs by day 7 |`,
  );
  console.log('|---|---|---|---|---|');
  for (const [label, scenario] of [
    ['users (mean 10 runs, a run a day): bug serving 8% instead of 10%', { ...users, icc: 0.1, servedFactor: 0.8, seed: 301 }],
    ['users, bug 9% instead of 10%', { ...users, icc: 0.1, servedFactor: 0.9, seed: 302 }],
    ['users (mean 10 runs, one every 3 days): bug 8% instead of 10%', { ...users, gapDays: 3, icc: 0.1, servedFactor: 0.8, seed: 305 }],
    ['users (mean 10 runs, a run a day), correct split', { ...users, icc: 0.1, seed: 306 }],
    ['tickets (mean 10 runs, an hour apart): bug 8% instead of 10%', { ...users, gapDays: 1 / 24, icc: 0.1, servedFactor: 0.8, seed: 303 }],
    ['every run its own unit: bug 8% instead of 10%', { ...base, runsPerUnit: 1, servedFactor: 0.8, seed: 304 }],
  ] as const) {
    const t = Date.now();
    const r = simulateUnitCanaries({ ...(scenario as UnitScenario), days: 14, streams });
    const days = r.stopDays.srm;
    console.log(
      `| ${label} | ${pct(days.length / streams)} | ${pct(days.filter((d) => d <= 7).length / streams)} | ${dayQuantile(days, 0.5) ?? '—'} / ${dayQuantile(days, 1) ?? '—'} | ${count(r.unitsByDay7)} / ${count(r.runsByDay7)} | (${((Date.now() - t) / 1000).toFixed(0)} s)`,
    );
  }
}

if (group === 'all' || group === 'power') {
  console.log(`\n| power, 10% canary, 2,000 runs a day | rolled back | median / p90 / max day | other ends |`);
  console.log('|---|---|---|---|');
  const n = Math.min(streams, 500);
  for (const [label, scenario] of [
    ['resolution 0.70 → 0.64, every run its own unit', { ...base, runsPerUnit: 1, seed: 401 }],
    ['resolution 0.70 → 0.64, users of mean 10 runs, ICC 0.1', { ...users, icc: 0.1, seed: 402 }],
    [
      'resolution 0.70 → 0.64, users, ramp 10% → 50% on day 7 (Monday), weekend effect',
      { ...users, icc: 0.1, schedule: ramp, ...weekend(0), seed: 403 },
    ],
  ] as const) {
    const r = simulateUnitCanaries({ ...(scenario as UnitScenario), resolution: { baseline: 0.7, candidate: 0.64 }, streams: n });
    const days = r.stopDays.rollback;
    console.log(
      `| ${label} (${n} streams) | ${pct(days.length / n)} | ${dayQuantile(days, 0.5)} / ${dayQuantile(days, 0.9)} / ${dayQuantile(days, 1)} | ${JSON.stringify(r.counts)} |`,
    );
  }
  const fixed = powerProportions({ p1: 0.7, p2: 0.64, power: 0.8 });
  const candidateRuns = (fixed.n * (1 + 1 / 9)) / 2;
  console.log(
    `| fixed horizon, 80% power, two-sided 0.05 (powerProportions), independent runs | ${candidateRuns.toFixed(0)} candidate runs = ${((candidateRuns * 10) / 2000).toFixed(2)} days | | |`,
  );
}

if (group === 'all' || group === 'runlevel') {
  // The same data through the analysis before issue 22 (runs as units, states pooled): the data is
  // hard enough that the old path fails on it, as the audit found.
  header();
  const run = { analysis: 'run' } as const;
  runRow('run-level, pooled: runs per unit geometric, mean 10, ICC 0.1', { ...users, icc: 0.1, ...run, seed: 103, streams });
  // The sample-ratio check on runs stops a third of the streams first; without it, the metrics' own errors show.
  const noSrm = { policy: { ...SIMULATION_POLICY, srmAlpha: 1e-12 } };
  runRow('same, no SRM check', { ...users, icc: 0.1, ...run, ...noSrm, seed: 103, streams });
  runRow('run-level, pooled, no SRM check: ICC 0.3', { ...users, icc: 0.3, ...run, ...noSrm, seed: 104, streams });
  runRow('run-level, pooled, no SRM check: ramp on a Monday, weekend effect, ICC 0.1', {
    ...users,
    icc: 0.1,
    schedule: ramp,
    ...weekend(0),
    ...run,
    ...noSrm,
    seed: 201,
    streams,
  });
  runRow('run-level, pooled, no SRM check: ramp on a Monday, drift −0.2, every run its own unit', {
    ...base,
    runsPerUnit: 1,
    schedule: ramp,
    ...weekend(0),
    drift: -0.002,
    ...run,
    ...noSrm,
    seed: 205,
    streams,
  });
}
