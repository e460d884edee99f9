/**
 * Staged rollouts (issue 24), by seeded simulation through the real decision path, as
 * `agentver watch --apply` runs them: every look calls canaryLook → decideRollout on the sums
 * canary_stratum_metrics keeps; an advance moves the share to the ramp's next one from that look
 * on (a new entry state; units keep the stratum and arm they entered with) and restarts the
 * stage clock; promote, rollback, srm and misassigned end the stream. Data model and mechanics:
 * bench/unit-canary-simulation-kit.ts (`simulateStagedRollouts`).
 *
 * Data, at 2,000 runs a day, 10% to start, lognormal cost and latency (σ = 1.5), maxDays 14, the
 * guardrails of SIMULATION_POLICY (error_rate +0.02, cost_usd +10%, latency_ms +10%), ramp
 * 10 → 25 → 50 → 100 with 24 h a stage, looks every 24 h unless a row says otherwise:
 * - users: as bench/unit-canary-simulation.ts (issue 22): units arrive over [−40, 14) days, make a
 *   Geometric(mean 10) number of runs a day apart on average; ICC 0.1; their runs in the 14 days
 *   before the canary are kept as history (about 85% of the units seen on day 1 have one, 39% of
 *   those seen by day 14: the users active when it began);
 * - returning users: a population of users who come back in visits (Geometric(mean 5) runs a day
 *   apart) at a rate spread across users as an exponential (heavy users stay heavy), set so that
 *   80% of the users seen by day 14 had runs in the 14 days before; each user's own rates are the
 *   same before and during the canary, so its history predicts its canary metric.
 * Groups: ship (scenario a: a +6-point candidate), faster (a's candidate: tickets, more traffic, a wider cost margin), cuped (b: days to roll back a 6-point drop,
 * CUPED against none on the same streams), history (the realised share with history, correlation
 * and variance ratio), aa (c: A/A through the whole schedule), risk (d: how often a worse
 * candidate ships).
 *
 * no-harm is measured as decideRollout decides it (every guardrail shown within its margin at the
 * end of the ramp: "strict") and read leniently (no guardrail shown beyond its margin: built here
 * from the MetricVerdicts, src unchanged; see StagedStream.lenient).
 *
 * Run: npx tsx bench/staged-rollout-simulation.ts [streams=1000] [groups=all|ship,faster,cuped,history,aa,risk]
 * (to keep the default run near 15 minutes on 2 cores: ship's rows on returning users use
 * min(streams, 400) streams, cuped min(streams, 300) and min(streams, 100) for its
 * 10,000-runs-a-day row, history min(streams, 100); results in bench/RESULTS.md; groups can run
 * in two processes at once, e.g. `1000 aa,cuped` and `1000 ship,risk,history`)
 */
import { mulberry32 } from '../src/demo/seeded-random.js';
import type { RolloutPolicyInput } from '../src/rollout/index.js';
import {
  historyCorrelation,
  historyShare,
  SIMULATION_POLICY,
  type StagedStream,
  simulateStagedRollouts,
  type UnitScenario,
} from './unit-canary-simulation-kit.js';

const streams = Number(process.argv[2] ?? 1000);
const groups = new Set((process.argv[3] ?? 'all').split(','));
const run = (group: string) => groups.has('all') || groups.has(group);

const pct = (x: number) => `${(100 * x).toFixed(1)}%`;
const se = (p: number, n: number) => Math.sqrt((Math.max(p, 1 / n) * (1 - Math.max(p, 1 / n))) / n);
const rate = (k: number, n: number) => `${pct(k / n)} ± ${pct(se(k / n, n))}`;
const mean = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const sd = (xs: readonly number[]) => Math.sqrt(xs.reduce((a, x) => a + (x - mean(xs)) ** 2, 0) / Math.max(1, xs.length - 1));
const meanSe = (xs: readonly number[], digits = 3) => `${mean(xs).toFixed(digits)} ± ${(sd(xs) / Math.sqrt(xs.length)).toFixed(digits)}`;
const elapsed = (t: number) => `${((Date.now() - t) / 1000).toFixed(0)} s`;

/** Nearest-rank quantile (Infinity for streams that never got there). */
function quantile(xs: readonly number[], q: number): number {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] as number;
}

/** Bootstrap standard error of `stat` over streams (seeded; resampling stream indexes, so paired statistics stay paired); null when a resample gives no finite value. */
function bootstrapSe(n: number, stat: (pick: (i: number) => number) => number, resamples = 400): number | null {
  const uniform = mulberry32(12345);
  const values: number[] = [];
  for (let b = 0; b < resamples; b++) {
    const idx = Array.from({ length: n }, () => Math.floor(uniform() * n));
    const v = stat((i) => idx[i] as number);
    if (!Number.isFinite(v)) return null;
    values.push(v);
  }
  return sd(values);
}

/** Days of an event per stream (Infinity when it did not happen by day 14), and the quantile with its bootstrap SE. */
function dayQuantileSe(days: readonly number[], q: number): string {
  const value = quantile(days, q);
  if (!Number.isFinite(value)) return '> 14';
  const s = bootstrapSe(days.length, (pick) =>
    quantile(
      Array.from(days, (_, i) => days[pick(i)] as number),
      q,
    ),
  );
  return s === null ? `${value.toFixed(2)} (± —)` : `${value.toFixed(2)} ± ${s.toFixed(2)}`;
}

const endDays = (r: readonly StagedStream[], end: string, lenient = false) =>
  r.map((x) => ((lenient ? x.lenient.end : x.end) === end ? (lenient ? x.lenient.day : x.day) : Number.POSITIVE_INFINITY));
const count = (r: readonly StagedStream[], end: string, lenient = false) =>
  r.filter((x) => (lenient ? x.lenient.end : x.end) === end).length;
const counts = (r: readonly StagedStream[]) => {
  const c: Record<string, number> = {};
  for (const x of r) c[x.end] = (c[x.end] ?? 0) + 1;
  return Object.entries(c)
    .map(([k, v]) => `${k} ${v}`)
    .join(', ');
};

const ramp = [10, 25, 50, 100];
const base = { days: 14, runsPerDay: 2000, resolution: { baseline: 0.7, candidate: 0.7 } } as const;
const users: Omit<UnitScenario, 'seed' | 'streams'> = { ...base, runsPerUnit: 10, gapDays: 1, icc: 0.1, history: true };
const returning: Omit<UnitScenario, 'seed' | 'streams'> = { ...base, runsPerUnit: 5, gapDays: 1, icc: 0.1, returning: 0.8, activity: 1 };
const noHarm: RolloutPolicyInput = { ...SIMULATION_POLICY, ramp, shipWhen: 'no-harm' };
const betterRamp: RolloutPolicyInput = { ...SIMULATION_POLICY, ramp, shipWhen: 'better' };
const betterFixed: RolloutPolicyInput = { ...SIMULATION_POLICY, shipWhen: 'better' };
// The policy defaults' guardrails (error_rate +0.02, cost_usd +10%): no latency guardrail.
const noHarmDefaults: RolloutPolicyInput = { ramp, shipWhen: 'no-harm' };
const GUARDRAILS = ['error_rate', 'cost_usd', 'latency_ms'];

/** Per guardrail, the share of streams where it kept no-harm's promote from coming at the end of the ramp, and at the last look of those that never shipped. */
function blockers(r: readonly StagedStream[]): string {
  const due = r.filter((x) => x.blockedBy !== null);
  const unshipped = r.filter((x) => x.end !== 'promote' && x.end !== 'rollback');
  const at = (g: string) =>
    `${g} ${pct(due.filter((x) => x.blockedBy?.includes(g)).length / Math.max(1, due.length))} / ${pct(unshipped.filter((x) => x.verdicts[g] !== undefined && x.verdicts[g] !== 'within margin').length / Math.max(1, unshipped.length))}`;
  const none = due.filter((x) => x.blockedBy?.length === 0).length;
  return `${GUARDRAILS.filter((g) => r.some((x) => g in x.verdicts))
    .map(at)
    .join(
      '; ',
    )} (none: ${pct(none / Math.max(1, due.length))} of ${due.length} at the ramp's end; ${unshipped.length} never shipped nor rolled back)`;
}

if (run('ship')) {
  const t = Date.now();
  // the contrast rows on returning users: fewer streams, to keep the default run near 15 minutes
  const few = Math.min(streams, 400);
  console.log(
    `\n### a. A +6-point candidate (0.70 → 0.76, same cost), ${streams} streams, daily looks\n\n| data | rule | promoted within 14 days | day promoted: median / p90 | rolled back | inconclusive at day 14 | mean estimate at the end (true +0.06) |`,
  );
  console.log('|---|---|---|---|---|---|---|');
  const row = (data: string, rule: string, r: readonly StagedStream[], lenient = false) => {
    const days = endDays(r, 'promote', lenient);
    const ended = r.filter((x) => x.difference !== null).map((x) => x.difference as number);
    console.log(
      `| ${data} | ${rule} | ${rate(count(r, 'promote', lenient), r.length)} | ${dayQuantileSe(days, 0.5)} / ${dayQuantileSe(days, 0.9)} | ${rate(count(r, 'rollback', lenient), r.length)} | ${rate(count(r, 'inconclusive', lenient), r.length)} | ${lenient ? '' : meanSe(ended)} |`,
    );
  };
  const [nh, br, bf, nd] = simulateStagedRollouts({ ...users, resolution: { baseline: 0.7, candidate: 0.76 }, seed: 501, streams }, [
    noHarm,
    betterRamp,
    betterFixed,
    noHarmDefaults,
  ]) as StagedStream[][];
  row('users', 'no-harm, ramp (strict: guardrails shown within margin)', nh as StagedStream[]);
  row('users', 'no-harm, ramp, lenient (no guardrail shown beyond margin)', nh as StagedStream[], true);
  row('users', 'better, ramp', br as StagedStream[]);
  row('users', 'better, fixed 10%', bf as StagedStream[]);
  row('users', 'no-harm, ramp, guardrails of the policy defaults (no latency_ms): strict', nd as StagedStream[]);
  row('users', 'same, lenient', nd as StagedStream[], true);
  const [rnh, rbr] = simulateStagedRollouts({ ...returning, resolution: { baseline: 0.7, candidate: 0.76 }, seed: 502, streams: few }, [
    noHarm,
    betterRamp,
  ]) as StagedStream[][];
  row(`returning users (${few} streams)`, 'no-harm, ramp (strict)', rnh as StagedStream[]);
  row(`returning users (${few} streams)`, 'no-harm, ramp, lenient', rnh as StagedStream[], true);
  row(`returning users (${few} streams)`, 'better, ramp', rbr as StagedStream[]);
  console.log(
    '\nWhat keeps strict no-harm from promoting, per guardrail: share of streams with it not shown within margin at the end of the ramp (72 h) / at day 14 among the streams that never ended:\n',
  );
  console.log(`- users, SIMULATION_POLICY: ${blockers(nh as StagedStream[])}`);
  console.log(`- users, policy defaults: ${blockers(nd as StagedStream[])}`);
  console.log(`- returning users: ${blockers(rnh as StagedStream[])}`);
  console.log(`\n(${elapsed(t)})`);
}

if (run('faster')) {
  // What lets no-harm ship a good version sooner: the same +6-point candidate under the policy
  // defaults' guardrails, with every run its own unit, more traffic, or a wider cost margin.
  const t = Date.now();
  const n = Math.min(streams, 200);
  console.log(
    `\n### What ships sooner: a +6-point candidate, no-harm (strict), ramp, ${n} streams a row\n\n| data | guardrails | promoted within 14 days | day promoted: median / p90 | rolled back | inconclusive at day 14 |`,
  );
  console.log('|---|---|---|---|---|---|');
  const good = { resolution: { baseline: 0.7, candidate: 0.76 } } as const;
  const defaults = 'error_rate +0.02, cost_usd +10%';
  const wider: RolloutPolicyInput = {
    ramp,
    shipWhen: 'no-harm',
    guardrails: [
      { metric: 'error_rate', margin: 0.02, relative: false },
      { metric: 'cost_usd', margin: 0.2, relative: true },
    ],
  };
  const cases: [string, string, UnitScenario, RolloutPolicyInput][] = [
    ['users, 2,000 runs a day', defaults, { ...users, ...good, seed: 601, streams: n }, noHarmDefaults],
    [
      'tickets (every run its own unit), 2,000 runs a day',
      defaults,
      { ...base, ...good, runsPerUnit: 1, seed: 602, streams: n },
      noHarmDefaults,
    ],
    ['users, 10,000 runs a day', defaults, { ...users, ...good, runsPerDay: 10000, seed: 603, streams: n }, noHarmDefaults],
    ['users, 2,000 runs a day', 'error_rate +0.02, cost_usd +20%', { ...users, ...good, seed: 604, streams: n }, wider],
  ];
  for (const [data, guardrails, scenario, policy] of cases) {
    const [r] = simulateStagedRollouts(scenario, [policy]) as StagedStream[][];
    const x = r as StagedStream[];
    const days = endDays(x, 'promote');
    console.log(
      `| ${data} | ${guardrails} | ${rate(count(x, 'promote'), x.length)} | ${dayQuantileSe(days, 0.5)} / ${dayQuantileSe(days, 0.9)} | ${rate(count(x, 'rollback'), x.length)} | ${rate(count(x, 'inconclusive'), x.length)} |`,
    );
  }
  console.log(`\n(${elapsed(t)})`);
}

if (run('cuped')) {
  const t = Date.now();
  const n = Math.min(streams, 300);
  console.log(
    `\n### b. Days to roll back 0.70 → 0.64, CUPED against none on the same streams\n\n| data | rule | CUPED | rolled back by day 14 | day: median / p90 | other ends |`,
  );
  console.log('|---|---|---|---|---|---|');
  const falls: string[] = [];
  // Each stream's data is made once and run under every rule, with CUPED and without.
  const compare = (data: string, s: UnitScenario, rules: readonly [string, RolloutPolicyInput][]) => {
    const results = simulateStagedRollouts(
      s,
      rules.flatMap(([, policy]) => [
        { ...policy, varianceReduction: 'cuped' as const },
        { ...policy, varianceReduction: 'none' as const },
      ]),
    );
    for (const [k, [rule]] of rules.entries())
      report(data, rule, s, results[2 * k] as StagedStream[], results[2 * k + 1] as StagedStream[]);
  };
  const report = (data: string, rule: string, s: UnitScenario, cuped: StagedStream[], none: StagedStream[]) => {
    const days = [endDays(cuped, 'rollback'), endDays(none, 'rollback')];
    for (const [i, r] of [cuped, none].entries()) {
      const d = days[i] as number[];
      const x = r as StagedStream[];
      console.log(
        `| ${data} (${s.streams} streams, looks every ${s.lookHours} h) | ${rule} | ${i === 0 ? 'cuped' : 'none'} | ${rate(count(x, 'rollback'), x.length)} | ${dayQuantileSe(d, 0.5)} / ${dayQuantileSe(d, 0.9)} | ${counts(x)} |`,
      );
    }
    const [c, o] = days as [number[], number[]];
    const fall = (pick: (i: number) => number) => {
      const m = (d: number[]) =>
        quantile(
          Array.from(d, (_, i) => d[pick(i)] as number),
          0.5,
        );
      return 1 - m(c) / m(o);
    };
    const value = fall((i) => i);
    const s2 = Number.isFinite(value) && quantile(o, 0.5) < Number.POSITIVE_INFINITY ? bootstrapSe(c.length, fall) : null;
    falls.push(
      `- ${data}, ${rule}: ${Number.isFinite(value) && Number.isFinite(quantile(o, 0.5)) ? `${pct(value)}${s2 === null ? '' : ` ± ${pct(s2)}`}` : 'not measurable (the median without CUPED is beyond day 14)'}; rolled back by day 14: ${pct(count(cuped, 'rollback') / c.length)} against ${pct(count(none, 'rollback') / o.length)}`,
    );
  };
  // looks every 6 h: a median to a quarter of a day
  const drop = { resolution: { baseline: 0.7, candidate: 0.64 }, lookHours: 6 } as const;
  const highIcc = { ...returning, icc: 0.5, ...drop };
  compare('returning users, ICC 0.5', { ...highIcc, seed: 601, streams: n }, [
    ['no-harm, ramp', noHarm],
    ['better, fixed 10%', betterFixed],
  ]);
  compare('returning users, ICC 0.3', { ...returning, icc: 0.3, ...drop, seed: 602, streams: n }, [['no-harm, ramp', noHarm]]);
  compare('users, ICC 0.5', { ...users, icc: 0.5, ...drop, seed: 603, streams: n }, [
    ['no-harm, ramp', noHarm],
    ['better, fixed 10%', betterFixed],
  ]);
  compare(
    'returning users, ICC 0.5, 10,000 runs a day',
    { ...highIcc, runsPerDay: 10_000, lookHours: 2, seed: 604, streams: Math.min(streams, 100) },
    [['no-harm, ramp', noHarm]],
  );
  console.log('\nRelative fall of the median day to roll back with CUPED (1 − median_cuped / median_none, paired bootstrap SE):\n');
  for (const line of falls) console.log(line);
  console.log(`\n(${elapsed(t)})`);
}

if (run('history')) {
  const t = Date.now();
  const n = Math.min(streams, 100);
  // The path of a stream with nothing harmful: 10% for a day, 25% for a day, then 50%.
  const path = [
    { day: 0, percent: 10 },
    { day: 1, percent: 25 },
    { day: 2, percent: 50 },
  ];
  console.log(
    `\n### History: realised share with history, correlation and variance ratio (${n} streams a row, the ramp's path held, no stopping)\n\n| data | day | units | share with history | ρ (resolution, unit level) | variance ratio, realised | 1 − share·ρ² |`,
  );
  console.log('|---|---|---|---|---|---|---|');
  for (const [label, s] of [
    ['returning users, ICC 0.1', { ...returning, seed: 651 }],
    ['returning users, ICC 0.3', { ...returning, icc: 0.3, seed: 652 }],
    ['returning users, ICC 0.5', { ...returning, icc: 0.5, seed: 653 }],
    ['users, ICC 0.1', { ...users, seed: 654 }],
    ['users, ICC 0.5', { ...users, icc: 0.5, seed: 655 }],
  ] as const) {
    const at = new Map<number, { units: number[]; share: number[]; rho: number[]; ratio: number[] }>();
    simulateStagedRollouts({ ...s, schedule: path, streams: n }, [SIMULATION_POLICY], {
      hold: true,
      onLook: (_, view) => {
        if (![1, 2, 3, 7, 14].includes(view.day)) return;
        const m = at.get(view.day) ?? { units: [], share: [], rho: [], ratio: [] };
        at.set(view.day, m);
        m.units.push(view.rows.reduce((a, r) => a + r.units, 0));
        m.share.push(historyShare(view.rows));
        m.rho.push(historyCorrelation(view.rows));
        const reduction = view.decision.metrics[0]?.varianceReduction;
        // null before each arm has its minimum units: no interval, no reduction
        if (reduction !== null && reduction !== undefined) m.ratio.push(1 - reduction);
      },
    });
    for (const [day, m] of at) {
      console.log(
        `| ${label} | ${day} | ${mean(m.units).toFixed(0)} | ${meanSe(m.share)} | ${meanSe(m.rho)} | ${meanSe(m.ratio)} (${m.ratio.length} streams) | ${(1 - mean(m.share) * mean(m.rho) ** 2).toFixed(3)} |`,
      );
    }
  }
  console.log(`\n(${elapsed(t)})`);
}

if (run('aa')) {
  const t = Date.now();
  console.log(
    `\n### c. A/A through the whole schedule (ramp + no-harm), ${streams} streams, daily looks\n\n| data | false rollback | shipped, strict | shipped, lenient | srm / misassigned | inconclusive at day 14 |`,
  );
  console.log('|---|---|---|---|---|---|');
  // weekday 0 is Monday: a start on a Friday ramps on the Saturday and the Sunday.
  const weekend = (firstWeekday: number) => ({ weekend: { effect: -0.05, firstWeekday }, weekendTraffic: 0.6 });
  const blocked: string[] = [];
  for (const [label, s] of [
    ['users, ICC 0.1', { ...users, seed: 701 }],
    [
      'users, start on a Friday (25% on Saturday, 50% on Sunday), weekend −5 points and 60% traffic, drift −0.2 points a day',
      { ...users, ...weekend(4), drift: -0.002, seed: 702 },
    ],
    [
      'users, start on a Thursday (50% from Saturday), weekend effect, drift +0.2 points a day',
      { ...users, ...weekend(3), drift: 0.002, seed: 703 },
    ],
    ['users, ICC 0.3', { ...users, icc: 0.3, seed: 704 }],
    ['returning users, ICC 0.1, start on a Friday, weekend effect', { ...returning, ...weekend(4), seed: 705 }],
  ] as const) {
    const [r] = simulateStagedRollouts({ ...(s as UnitScenario), streams }, [noHarm]) as [StagedStream[]];
    console.log(
      `| ${label} | ${rate(count(r, 'rollback'), streams)} | ${rate(count(r, 'promote'), streams)} | ${rate(count(r, 'promote', true), streams)} | ${count(r, 'srm')} / ${count(r, 'misassigned')} | ${rate(count(r, 'inconclusive'), streams)} |`,
    );
    blocked.push(`- ${label}: ${blockers(r)}`);
  }
  console.log('\nWhat keeps strict no-harm from shipping the A/A, as in a:\n');
  for (const line of blocked) console.log(line);
  console.log(`\n(${elapsed(t)})`);
}

if (run('risk')) {
  const t = Date.now();
  console.log(
    `\n### d. How often a worse candidate ships, ${streams} streams, ramp, daily looks\n\n| candidate | rule | shipped within 14 days | rolled back | day rolled back: median / p90 | inconclusive at day 14 |`,
  );
  console.log('|---|---|---|---|---|---|');
  for (const [label, s] of [
    ['resolution 0.70 → 0.67, same cost', { ...users, resolution: { baseline: 0.7, candidate: 0.67 }, seed: 801 }],
    ['cost × 1.15 (guardrail +10%), same resolution', { ...users, candidateCostFactor: 1.15, seed: 802 }],
  ] as const) {
    const [better, harmless] = simulateStagedRollouts({ ...(s as UnitScenario), streams }, [betterRamp, noHarm]) as StagedStream[][];
    for (const [rule, r, lenient] of [
      ['better', better, false],
      ['no-harm, strict', harmless, false],
      ['no-harm, lenient', harmless, true],
    ] as const) {
      const x = r as StagedStream[];
      const days = endDays(x, 'rollback', lenient);
      console.log(
        `| ${label} | ${rule} | ${rate(count(x, 'promote', lenient), streams)} | ${rate(count(x, 'rollback', lenient), streams)} | ${dayQuantileSe(days, 0.5)} / ${dayQuantileSe(days, 0.9)} | ${rate(count(x, 'inconclusive', lenient), streams)} |`,
      );
    }
  }
  console.log(`\n(${elapsed(t)})`);
}
