/**
 * Seeded simulation of guarded canaries as agents produce their data: units (users, tickets) with
 * many runs each whose outcomes are correlated, units that were active before the canary began,
 * weekdays, drift, a ramp of the share on a day of the week, and broken splits. Shared by the fast
 * checks in test/stats/unit-canary-validity.test.ts and the full runs in bench/unit-canary-simulation.ts.
 *
 * One stream is one canary looked at once a day through the real decision path: each look sums
 * the runs so far per unit and then per entry state and arm exactly as canary_units and
 * canary_stratum_metrics do in SQL (cost and latency capped at the pooled nearest-rank p99 of all
 * runs so far, each unit's arm and entry state those of its first run), names the sums with
 * `stratumColumns`, and calls the watch's own `canaryLook` and then `decideRollout`.
 * A stream stops at its first promote, rollback, srm or misassigned.
 *
 * Units: a unit arrives at a uniform time in [−lead, days) (so the canary starts with units
 * already active), makes a Geometric(mean runsPerUnit) number of runs separated by exponential
 * gaps of mean gapDays; runs outside [0, days) are not seen, and weekend runs are thinned by
 * `weekendTraffic`. Its bucket is uniform: candidate iff bucket < served share of the state at
 * the run's time (a ramp moves some baseline units to the candidate; they stay in the stratum
 * and arm they entered with). runsPerUnit 1: every run is a unit of its own (no assignment unit).
 * Outcomes: a unit's own resolution and error rates are Beta draws with the configured mean and
 * intra-unit correlation `icc` (exact on the 0/1 scale: a Beta(a, b) mixture of Bernoullis has
 * ICC 1/(a + b + 1)), then each run adds the arm's effect, the weekday effect and the drift
 * (shared by both arms). Cost and latency are lognormal (σ = 1.5) with a unit effect carrying
 * share `icc` of the log-variance, or Pareto(α = 1.5) cost.
 */

import { mulberry32, normalGenerator } from '../src/demo/seeded-random.js';
import { decideRollout, type RolloutDecisionKind, type RolloutPolicyInput } from '../src/rollout/index.js';
import { canaryLook } from '../src/watch/canary-look.js';
import { stratumColumns, type UnitColumn } from '../src/watch/canary-metrics.js';
import type { StratumArmRow } from '../src/watch/load-canary-statistics.js';
import type { RunningCanary } from '../src/watch/running-canaries.js';

export interface UnitScenario {
  readonly seed: number;
  readonly streams: number;
  readonly days: number;
  /** Runs a day on average (before weekend thinning). */
  readonly runsPerDay: number;
  /** Mean runs of a unit (geometric); 1: every run is a unit of its own. */
  readonly runsPerUnit: number;
  /** Mean days between a unit's runs (exponential). Default 1. */
  readonly gapDays?: number;
  /** Intra-unit correlation of outcomes (0/1 scale for rates). Default 0. */
  readonly icc?: number;
  /** The configured candidate share from each day on, percent; the first entry is day 0. Default [{ day: 0, percent: 10 }]. */
  readonly schedule?: readonly { readonly day: number; readonly percent: number }[];
  /** The share the assignment really serves, as a factor of the configured one (a bug when not 1). */
  readonly servedFactor?: number;
  readonly resolution: { readonly baseline: number; readonly candidate: number };
  /** The candidate's cost over the baseline's (1.15: 15% more expensive). Default 1. */
  readonly candidateCostFactor?: number;
  readonly errorRate?: number;
  readonly cost?: 'lognormal' | 'pareto';
  /** Resolution points added on Saturdays and Sundays (both arms), and the weekday of day 0 (0 Monday … 6 Sunday). */
  readonly weekend?: { readonly effect: number; readonly firstWeekday: number };
  /** Share of weekend runs kept (traffic dips at weekends). Default 1. */
  readonly weekendTraffic?: number;
  /** Resolution points a day (both arms), e.g. −0.002. */
  readonly drift?: number;
  readonly policy?: RolloutPolicyInput;
  /**
   * 'run': the analysis before issue 22, for contrast: every run its own unit and every state
   * pooled into one, against the runs-weighted mean of the states' shares. Default 'unit'.
   */
  readonly analysis?: 'unit' | 'run';
}

export interface UnitOutcome {
  /** Streams whose first terminal decision was each kind (continue/inconclusive: never stopped). */
  readonly counts: Record<RolloutDecisionKind, number>;
  /** Day (1-based) of the first terminal decision, per stream that had one. */
  readonly stopDays: Record<'promote' | 'rollback' | 'srm' | 'misassigned', number[]>;
  /** Mean units and runs seen by day 7 in the streams still running then (what the SRM check had); NaN when none was. */
  readonly unitsByDay7: number;
  readonly runsByDay7: number;
}

/** The policy a scenario without one is judged by: the defaults with three guardrails. */
export const SIMULATION_POLICY: RolloutPolicyInput = {
  guardrails: [
    { metric: 'error_rate', margin: 0.02, relative: false },
    { metric: 'cost_usd', margin: 0.1, relative: true },
    { metric: 'latency_ms', margin: 0.1, relative: true },
  ],
};

/** Marsaglia & Tsang (2000) gamma draw, shape k > 0. */
function gammaDraw(k: number, uniform: () => number, normal: () => number): number {
  if (k < 1) return gammaDraw(k + 1, uniform, normal) * uniform() ** (1 / k);
  const d = k - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    const x = normal();
    const v = (1 + c * x) ** 3;
    if (v <= 0) continue;
    const u = uniform();
    if (Math.log(u) < 0.5 * x * x + d - d * v + d * Math.log(v)) return d * v;
  }
}

/** A unit's own rate: Beta with this mean and ICC (a + b = 1/icc − 1), or the mean when icc is 0. */
function unitRate(mean: number, icc: number, uniform: () => number, normal: () => number): number {
  if (icc <= 0) return mean;
  const total = 1 / icc - 1;
  const a = gammaDraw(mean * total, uniform, normal);
  const b = gammaDraw((1 - mean) * total, uniform, normal);
  return a / (a + b);
}

/** The nearest-rank quantile (the ⌈p·n⌉-th smallest, as canary_states computes the caps) of values[0..n), by quickselect on a scratch copy. */
function nearestRank(values: Float64Array, n: number, p: number, scratch: Float64Array): number {
  scratch.set(values.subarray(0, n));
  let k = Math.max(0, Math.ceil(p * n) - 1);
  let lo = 0;
  let hi = n - 1;
  while (lo < hi) {
    const pivot = scratch[(lo + hi) >> 1] as number;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while ((scratch[i] as number) < pivot) i++;
      while ((scratch[j] as number) > pivot) j--;
      if (i <= j) {
        const t = scratch[i] as number;
        scratch[i] = scratch[j] as number;
        scratch[j] = t;
        i++;
        j--;
      }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else break;
  }
  k = Math.min(k, n - 1);
  return scratch[k] as number;
}

/** One simulated run: its time in days since the canary began, its unit, arm, state (index into the schedule) and outcomes. */
export interface Run {
  t: number;
  unit: number;
  candidate: boolean;
  state: number;
  resolved: boolean;
  error: boolean;
  cost: number;
  latency: number;
}

/** One stream's runs, in time order, and its units' count. */
function generateStream(s: UnitScenario, uniform: () => number, normal: () => number): { runs: Run[]; units: number } {
  const gap = s.gapDays ?? 1;
  const icc = s.icc ?? 0;
  const schedule = s.schedule ?? [{ day: 0, percent: 10 }];
  const served = s.servedFactor ?? 1;
  const errorRate = s.errorRate ?? 0.05;
  const weekendTraffic = s.weekendTraffic ?? 1;
  const perUnit = Math.max(1, s.runsPerUnit);
  // Units active before the canary began: long enough for a unit's runs to fade out.
  const lead = perUnit === 1 ? 0 : Math.min(60, 4 * gap * perUnit);
  const arrivals = Math.round(((s.days + lead) * s.runsPerDay) / perUnit);
  const stateAt = (t: number) => {
    let state = 0;
    for (let i = 1; i < schedule.length; i++) if (t >= (schedule[i]?.day as number)) state = i;
    return state;
  };
  const weekday = (t: number) => (((Math.floor(t) + (s.weekend?.firstWeekday ?? 0)) % 7) + 7) % 7;
  const runs: Run[] = [];
  let units = 0;
  const costScale = (candidate: boolean) => (candidate ? (s.candidateCostFactor ?? 1) : 1);
  for (let a = 0; a < arrivals; a++) {
    let t = -lead + uniform() * (s.days + lead);
    const m = perUnit === 1 ? 1 : 1 + Math.floor(Math.log(1 - uniform()) / Math.log(1 - 1 / perUnit));
    const bucket = uniform();
    // A unit's offset from the baseline rate: its own rate is Beta with the baseline's mean and the ICC.
    const ownResolution = unitRate(s.resolution.baseline, icc, uniform, normal) - s.resolution.baseline;
    const ownError = unitRate(errorRate, icc, uniform, normal);
    const costEffect = Math.sqrt(icc) * normal();
    const latencyEffect = Math.sqrt(icc) * normal();
    const id = units++;
    for (let r = 0; r < m; r++) {
      if (r > 0) t += perUnit === 1 ? 0 : -gap * Math.log(1 - uniform());
      if (t >= s.days) break;
      if (t < 0) continue;
      const day = weekday(t);
      const weekend = day >= 5;
      if (weekend && uniform() >= weekendTraffic) continue;
      const state = stateAt(t);
      const candidate = bucket < ((schedule[state]?.percent as number) / 100) * served;
      const shift = (weekend ? (s.weekend?.effect ?? 0) : 0) + (s.drift ?? 0) * t;
      const rate = (candidate ? s.resolution.candidate : s.resolution.baseline) + ownResolution + shift;
      const e = Math.sqrt(1 - icc);
      const cost =
        s.cost === 'pareto'
          ? 0.02 * (1 - uniform()) ** (-1 / 1.5) * Math.exp(costEffect)
          : 0.02 * Math.exp(1.5 * (costEffect + e * normal()));
      runs.push({
        t,
        unit: id,
        candidate,
        state,
        resolved: uniform() < rate,
        error: uniform() < ownError,
        cost: cost * costScale(candidate),
        latency: 800 * Math.exp(1.5 * (latencyEffect + e * normal())),
      });
    }
  }
  runs.sort((x, y) => x.t - y.t);
  return { runs, units };
}

/** a[i] += x on a typed array (whose index reads are number | undefined under noUncheckedIndexedAccess). */
function add(a: Float64Array, i: number, x: number): void {
  a[i] = (a[i] as number) + x;
}

/** The unit columns the simulation fills (the others stay 0, as for runs without grades). */
const SIMULATED: readonly UnitColumn[] = [
  'n_runs',
  'n_resolved',
  'n_errors',
  'n_cost_usd',
  'sum_cost_usd',
  'n_latency_ms',
  'sum_latency_ms',
];
/** The metrics' (numerator, denominator) pairs among them, as indexes into SIMULATED. */
const PAIRS: readonly [number, number][] = [
  [1, 0],
  [2, 0],
  [4, 3],
  [6, 5],
];
// Every summed column of one stratum arm, in slot order: Σc and Σc² per column, then the cross-products.
const SLOT_NAMES = [
  ...SIMULATED.flatMap((c) => [stratumColumns.sum(c), stratumColumns.sumSquares(c)]),
  ...PAIRS.map(([num, den]) => stratumColumns.crossProduct(SIMULATED[num] as UnitColumn, SIMULATED[den] as UnitColumn)),
];
const K = SIMULATED.length;

/**
 * The canary_stratum_metrics rows of one look: runs[0..n) summed per unit (capped at the pooled
 * p99), then per entry state and arm, the sums named as the mart names them.
 */
function stratumRows(
  runs: readonly Run[],
  n: number,
  units: number,
  schedule: readonly { percent: number }[],
  scratch: { cost: Float64Array; latency: Float64Array; work: Float64Array; perUnit: Float64Array; entry: Int32Array },
  runLevel = false,
): StratumArmRow[] {
  if (runLevel) return runLevelRows(runs, n, schedule, scratch);
  const capCost = nearestRank(scratch.cost, n, 0.99, scratch.work);
  const capLatency = nearestRank(scratch.latency, n, 0.99, scratch.work);
  const { perUnit, entry } = scratch;
  perUnit.fill(0, 0, units * K);
  entry.fill(-1, 0, units);
  for (let i = 0; i < n; i++) {
    const run = runs[i] as Run;
    const u = run.unit;
    // entry: state × 2 + arm of the unit's first run
    if (entry[u] === -1) entry[u] = run.state * 2 + (run.candidate ? 1 : 0);
    const o = u * K;
    add(perUnit, o, 1);
    if (run.resolved) add(perUnit, o + 1, 1);
    if (run.error) add(perUnit, o + 2, 1);
    add(perUnit, o + 3, 1);
    add(perUnit, o + 4, Math.min(run.cost, capCost));
    add(perUnit, o + 5, 1);
    add(perUnit, o + 6, Math.min(run.latency, capLatency));
  }
  const slots = SLOT_NAMES.length;
  const cells = schedule.length * 2;
  const sums = new Float64Array(cells * slots);
  const counts = new Float64Array(cells);
  for (let u = 0; u < units; u++) {
    const cell = entry[u] as number;
    if (cell === -1) continue;
    add(counts, cell, 1);
    const o = u * K;
    const base = cell * slots;
    for (let c = 0; c < K; c++) {
      const x = perUnit[o + c] as number;
      add(sums, base + 2 * c, x);
      add(sums, base + 2 * c + 1, x * x);
    }
    for (let p = 0; p < PAIRS.length; p++) {
      const [num, den] = PAIRS[p] as [number, number];
      add(sums, base + 2 * K + p, (perUnit[o + num] as number) * (perUnit[o + den] as number));
    }
  }
  const rows: StratumArmRow[] = [];
  for (let cell = 0; cell < cells; cell++) {
    if (counts[cell] === 0) continue;
    const state = cell >> 1;
    rows.push({
      agentId: 'sim',
      label: 'production',
      canaryReleaseNumber: 1,
      entryReleaseNumber: state + 1,
      candidatePercent: schedule[state]?.percent as number,
      hasHistory: false,
      arm: cell % 2 === 1 ? 'candidate' : 'baseline',
      units: counts[cell] as number,
      misassignedUnits: 0,
      sums: Object.fromEntries(SLOT_NAMES.map((name, i) => [name, sums[cell * slots + i] as number])),
    });
  }
  return rows;
}

/** The run-level rows of runs[0..n): each run a unit, one pooled stratum at the runs-weighted share. */
function runLevelRows(
  runs: readonly Run[],
  n: number,
  schedule: readonly { percent: number }[],
  scratch: { cost: Float64Array; latency: Float64Array; work: Float64Array },
): StratumArmRow[] {
  const capCost = nearestRank(scratch.cost, n, 0.99, scratch.work);
  const capLatency = nearestRank(scratch.latency, n, 0.99, scratch.work);
  const slots = SLOT_NAMES.length;
  const sums = new Float64Array(2 * slots);
  const counts = [0, 0];
  let share = 0;
  const values = new Float64Array(K);
  for (let i = 0; i < n; i++) {
    const run = runs[i] as Run;
    const arm = run.candidate ? 1 : 0;
    counts[arm] = (counts[arm] as number) + 1;
    share += schedule[run.state]?.percent as number;
    values.set([1, run.resolved ? 1 : 0, run.error ? 1 : 0, 1, Math.min(run.cost, capCost), 1, Math.min(run.latency, capLatency)]);
    const base = arm * slots;
    for (let c = 0; c < K; c++) {
      const x = values[c] as number;
      add(sums, base + 2 * c, x);
      add(sums, base + 2 * c + 1, x * x);
    }
    for (let p = 0; p < PAIRS.length; p++) {
      const [num, den] = PAIRS[p] as [number, number];
      add(sums, base + 2 * K + p, (values[num] as number) * (values[den] as number));
    }
  }
  return [0, 1].map((arm) => ({
    agentId: 'sim',
    label: 'production',
    canaryReleaseNumber: 1,
    entryReleaseNumber: 1,
    candidatePercent: n > 0 ? share / n : (schedule[0]?.percent as number),
    hasHistory: false,
    arm: arm === 1 ? 'candidate' : 'baseline',
    units: counts[arm] as number,
    misassignedUnits: 0,
    sums: Object.fromEntries(SLOT_NAMES.map((name, i) => [name, sums[arm * slots + i] as number])),
  }));
}

function scratchFor(runs: readonly Run[], units: number) {
  return {
    cost: Float64Array.from(runs, (r) => r.cost),
    latency: Float64Array.from(runs, (r) => r.latency),
    work: new Float64Array(runs.length),
    perUnit: new Float64Array(units * K),
    entry: new Int32Array(units),
  };
}

/**
 * One stream of scenario `s` (its first, from its seed) and the canary_stratum_metrics rows the
 * simulation sums from all of its runs: for checking the simulation's sums against the SQL's.
 */
export function simulatedStream(s: UnitScenario): { runs: Run[]; rows: StratumArmRow[] } {
  const uniform = mulberry32(s.seed);
  const { runs, units } = generateStream(s, uniform, normalGenerator(uniform));
  return { runs, rows: stratumRows(runs, runs.length, units, s.schedule ?? [{ day: 0, percent: 10 }], scratchFor(runs, units)) };
}

const DAY = 24 * 60 * 60 * 1000;

/** Runs `s.streams` canaries of scenario `s`, each looked at daily until its first terminal decision. */
export function simulateUnitCanaries(s: UnitScenario): UnitOutcome {
  const uniform = mulberry32(s.seed);
  const normal = normalGenerator(uniform);
  const schedule = s.schedule ?? [{ day: 0, percent: 10 }];
  const policy = { maxDays: s.days, ...(s.policy ?? SIMULATION_POLICY) };
  const started = Date.parse('2026-11-02T00:00:00Z');
  const canary = {
    release: { rolloutPolicy: policy, candidatePercent: schedule[0]?.percent, createdAt: new Date(started).toISOString() },
    canaryReleaseNumber: 1,
    startedAt: new Date(started).toISOString(),
  } as unknown as RunningCanary;
  const counts: Record<RolloutDecisionKind, number> = { promote: 0, rollback: 0, advance: 0, continue: 0, inconclusive: 0, srm: 0, misassigned: 0 };
  const stopDays: UnitOutcome['stopDays'] = { promote: [], rollback: [], srm: [], misassigned: [] };
  let unitsByDay7 = 0;
  let runsByDay7 = 0;
  let reachedDay7 = 0;
  for (let stream = 0; stream < s.streams; stream++) {
    const { runs, units } = generateStream(s, uniform, normal);
    const scratch = scratchFor(runs, units);
    let last: RolloutDecisionKind = 'continue';
    let n = 0;
    for (let day = 1; day <= s.days; day++) {
      while (n < runs.length && (runs[n] as Run).t < day) n++;
      const rows = stratumRows(runs, n, units, schedule, scratch, s.analysis === 'run');
      if (day === 7) {
        reachedDay7++;
        unitsByDay7 += rows.reduce((t, r) => t + r.units, 0);
        runsByDay7 += n;
      }
      const decision = decideRollout(canaryLook(canary, rows, new Date(started + day * DAY))).decision;
      last = decision;
      if (decision === 'promote' || decision === 'rollback' || decision === 'srm' || decision === 'misassigned') {
        stopDays[decision].push(day);
        break;
      }
    }
    counts[last]++;
  }
  return { counts, stopDays, unitsByDay7: unitsByDay7 / reachedDay7, runsByDay7: runsByDay7 / reachedDay7 };
}
