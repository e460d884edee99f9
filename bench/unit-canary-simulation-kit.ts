/**
 * Seeded simulation of guarded canaries as agents produce their data: units (users, tickets) with
 * many runs each whose outcomes are correlated, units that were active before the canary began,
 * weekdays, drift, ramps of the share, and broken splits. Shared by the fast checks in
 * test/stats/unit-canary-validity.test.ts and test/stats/staged-rollout-validity.test.ts and by
 * the full runs in bench/unit-canary-simulation.ts and bench/staged-rollout-simulation.ts.
 *
 * A stream is one canary looked at through the real decision path: each look sums the runs so
 * far per unit and then per entry state, history and arm exactly as canary_units and
 * canary_stratum_metrics do in SQL (cost and latency capped at the pooled nearest-rank p99 of all
 * canary runs so far, the history capped alike; each unit's arm and entry state those of its
 * first run in the canary), names the sums with `stratumColumns`, and calls the watch's own
 * `canaryLook` and then `decideRollout`. Two ways to move the share:
 * - a fixed `schedule` (simulateUnitCanaries): the share of each day is given, looks are daily,
 *   and a stream stops at its first promote, rollback, srm or misassigned;
 * - a staged rollout (simulateStagedRollouts), as `watch --apply` runs one: a look every
 *   `lookHours`; an advance moves the share to the decision's next_percent from that look on (a
 *   new state: units first seen after it enter there) and restarts the stage clock
 *   (release.createdAt); promote, rollback, srm and misassigned stop the stream.
 * So runs are generated independent of arm: each stores its unit (whose bucket is fixed) and its
 * own uniforms, and its arm and outcome are settled when the stream reaches its time, at the share
 * served then. Candidate iff bucket < share: a ramp moves baseline units whose bucket is under
 * the new share to the candidate for their later runs, while they stay in the stratum and arm they
 * entered with (as canary_units does; its misassigned check does not flag a move up a ramp).
 *
 * Units, without `returning`: a unit arrives at a uniform time in [−lead, days) (so the canary
 * starts with units already active), makes a Geometric(mean runsPerUnit) number of runs separated
 * by exponential gaps of mean gapDays; runs after `days` are not kept, nor those before 0 (the
 * data before issue 24: no unit has history) unless `history` keeps those in the PRE_PERIOD_DAYS
 * before the canary as the units' history. Weekend runs are thinned by `weekendTraffic`.
 * runsPerUnit 1: every run is a unit of its own (no assignment unit, never any history).
 *
 * Users who come back, with `returning` = r: a population of users, each starting visits as a
 * Poisson process over time; a visit is Geometric(mean runsPerUnit) runs with exponential gaps of
 * mean gapDays. A user's runs in the PRE_PERIOD_DAYS before the canary are its history (all served
 * the baseline: there was no candidate yet), kept for the users seen in the canary, as
 * canary_units keeps them. The visit rate is set so that a share r of the users seen by the end
 * of the canary had a run in that window (`visitRate`); more of those seen at the first looks
 * have one (the users active when it began). The population is runsPerDay/(rate·runsPerUnit).
 * A user is persistent: its own rates and effects are the same before and during the canary (or,
 * with `persistence` < 1, redrawn at the canary's start with chance 1 − persistence), and with
 * `activity` its visit rate is spread across users for good (heavy users are heavy in both
 * periods). How well a unit's history predicts its canary metric follows from these, the ICC
 * and the runs it has made so far; `historyCorrelation` measures it at a look.
 *
 * Outcomes: a unit's own resolution and error rates are Beta draws with the configured mean and
 * intra-unit correlation `icc` (exact on the 0/1 scale: a Beta(a, b) mixture of Bernoullis has
 * ICC 1/(a + b + 1)), then each run adds the arm's effect, the weekday effect and the drift
 * (shared by both arms). Cost and latency are lognormal (σ = 1.5) with a unit effect carrying
 * share `icc` of the log-variance, or Pareto(α = 1.5) cost; the candidate's cost is × candidateCostFactor.
 */

import { mulberry32, normalGenerator } from '../src/demo/seeded-random.js';
import {
  decideRollout,
  type MetricVerdictKind,
  PRE_PERIOD_DAYS,
  parseRolloutPolicy,
  type RolloutDecision,
  type RolloutDecisionKind,
  type RolloutPolicyInput,
} from '../src/rollout/index.js';
import { canaryLook } from '../src/watch/canary-look.js';
import { CANARY_METRICS, metricProducts, preColumn, stratumColumns, type UnitColumn } from '../src/watch/canary-metrics.js';
import type { StratumArmRow } from '../src/watch/load-canary-statistics.js';
import type { RunningCanary } from '../src/watch/running-canaries.js';

export interface UnitScenario {
  readonly seed: number;
  readonly streams: number;
  readonly days: number;
  /** Runs a day on average (before weekend thinning). */
  readonly runsPerDay: number;
  /** Mean runs of a unit (geometric), or of one visit of a user with `returning`; 1: every run is a unit of its own. */
  readonly runsPerUnit: number;
  /** Mean days between a unit's runs (exponential). Default 1. */
  readonly gapDays?: number;
  /** Intra-unit correlation of outcomes (0/1 scale for rates). Default 0. */
  readonly icc?: number;
  /**
   * The candidate share from each day on, percent; the first entry is day 0. Default
   * [{ day: 0, percent: 10 }]. A staged rollout starts at its ramp's first share (else this
   * first entry's) and moves by its decisions.
   */
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
  /**
   * Users who come back (0 < r < 1): the population model above, with every user's runs in the
   * PRE_PERIOD_DAYS before the canary kept as its history; about r of the units seen in the
   * canary have one. Unset: the arrival model, runs before the canary dropped (no history).
   */
  readonly returning?: number;
  /**
   * Without `returning`: keep each unit's runs in the PRE_PERIOD_DAYS before the canary as its
   * history (the units already active when it began have one). Default false: dropped, as before
   * issue 24 (and the draws, so the scenarios of bench/unit-canary-simulation.ts keep their numbers).
   */
  readonly history?: boolean;
  /** With `returning`: chance a user's own rates and effects in the canary are those it had before (else redrawn). Default 1. */
  readonly persistence?: number;
  /**
   * With `returning`: how unequal users' activity is, as the shape of the Gamma (mean 1) each
   * user's visit rate is multiplied by, for good: 1 spreads it as an exponential (heavy users
   * are heavy before and during the canary). Default: every user alike.
   */
  readonly activity?: number;
  /** Hours between the looks of a staged rollout. Default 24. */
  readonly lookHours?: number;
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

/** One simulated run in the canary: its time in days since the canary began, its unit, arm, state (index into the schedule) and outcomes. */
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

/** One run of a unit before the canary (t in [−PRE_PERIOD_DAYS, 0)): its history, served the baseline. */
export interface HistoryRun {
  t: number;
  unit: number;
  resolved: boolean;
  error: boolean;
  cost: number;
  latency: number;
}

/**
 * One stream's data, independent of arm: per unit its bucket and own resolution offset in the
 * canary; per canary run (in time order) what settles its arm and outcome at its time; the
 * history runs, settled (the baseline served them).
 */
interface StreamData {
  units: number;
  bucket: Float64Array;
  ownResolution: Float64Array;
  t: Float64Array;
  unit: Int32Array;
  /** The weekday effect and drift of the run (both arms). */
  shift: Float64Array;
  /** resolved iff uResolved < the arm's rate + the unit's offset + shift. */
  uResolved: Float64Array;
  error: Uint8Array;
  /** The baseline's cost of the run; the candidate's is × candidateCostFactor. */
  baseCost: Float64Array;
  latency: Float64Array;
  /** The history runs by unit: unit u's are [preStart[u], preStart[u + 1]), in the order they were made. */
  pre: { unit: Int32Array; t: Float64Array; resolved: Uint8Array; error: Uint8Array; cost: Float64Array; latency: Float64Array };
  preStart: Int32Array;
}

/**
 * The indexes of t in increasing order of t, equal values in index order: what a stable sort
 * gives, in O(n) for spread-out times (a bucket sort, then an insertion sort within each bucket).
 */
function stableOrder(t: readonly number[]): Int32Array {
  const n = t.length;
  const order = new Int32Array(n);
  if (n === 0) return order;
  let lo = Number.POSITIVE_INFINITY;
  let hi = Number.NEGATIVE_INFINITY;
  for (const x of t) {
    lo = Math.min(lo, x);
    hi = Math.max(hi, x);
  }
  const scale = hi > lo ? n / (hi - lo) : 0;
  const bin = (x: number) => Math.min(n - 1, Math.floor((x - lo) * scale));
  const start = new Int32Array(n + 1);
  for (const x of t) start[bin(x) + 1] = (start[bin(x) + 1] as number) + 1;
  for (let b = 0; b < n; b++) start[b + 1] = (start[b + 1] as number) + (start[b] as number);
  const next = start.slice(0, n);
  for (let i = 0; i < n; i++) {
    const b = bin(t[i] as number);
    order[next[b] as number] = i;
    next[b] = (next[b] as number) + 1;
  }
  for (let b = 0; b < n; b++) {
    for (let k = (start[b] as number) + 1; k < (start[b + 1] as number); k++) {
      const i = order[k] as number;
      let j = k - 1;
      while (j >= (start[b] as number) && (t[order[j] as number] as number) > (t[i] as number)) {
        order[j + 1] = order[j] as number;
        j--;
      }
      order[j + 1] = i;
    }
  }
  return order;
}

/** Collects runs in generation order; `finish` sorts the canary runs by time (stable, as the runs of a unit were made). */
class RunCollector {
  readonly t: number[] = [];
  readonly unit: number[] = [];
  readonly shift: number[] = [];
  readonly uResolved: number[] = [];
  readonly error: number[] = [];
  readonly baseCost: number[] = [];
  readonly latency: number[] = [];
  readonly pre = {
    unit: [] as number[],
    t: [] as number[],
    resolved: [] as number[],
    error: [] as number[],
    cost: [] as number[],
    latency: [] as number[],
  };

  finish(units: number, bucket: number[], ownResolution: number[]): StreamData {
    const order = stableOrder(this.t);
    const pick = (values: number[]) => {
      const out = new Float64Array(order.length);
      for (let k = 0; k < order.length; k++) out[k] = values[order[k] as number] as number;
      return out;
    };
    // the history grouped by unit (a counting sort, stable), so a look reads only the units it saw
    const preStart = new Int32Array(units + 1);
    for (const u of this.pre.unit) preStart[u + 1] = (preStart[u + 1] as number) + 1;
    for (let u = 0; u < units; u++) preStart[u + 1] = (preStart[u + 1] as number) + (preStart[u] as number);
    const next = preStart.slice(0, units);
    const byUnit = new Int32Array(this.pre.unit.length);
    this.pre.unit.forEach((u, i) => {
      byUnit[next[u] as number] = i;
      next[u] = (next[u] as number) + 1;
    });
    const pickPre = (values: number[]) => Float64Array.from(byUnit, (i) => values[i] as number);
    return {
      units,
      bucket: Float64Array.from(bucket),
      ownResolution: Float64Array.from(ownResolution),
      t: pick(this.t),
      unit: Int32Array.from(order, (i) => this.unit[i] as number),
      shift: pick(this.shift),
      uResolved: pick(this.uResolved),
      error: Uint8Array.from(order, (i) => this.error[i] as number),
      baseCost: pick(this.baseCost),
      latency: pick(this.latency),
      pre: {
        unit: Int32Array.from(byUnit, (i) => this.pre.unit[i] as number),
        t: pickPre(this.pre.t),
        resolved: Uint8Array.from(byUnit, (i) => this.pre.resolved[i] as number),
        error: Uint8Array.from(byUnit, (i) => this.pre.error[i] as number),
        cost: pickPre(this.pre.cost),
        latency: pickPre(this.pre.latency),
      },
      preStart,
    };
  }
}

const weekdayOf = (s: UnitScenario, t: number) => (((Math.floor(t) + (s.weekend?.firstWeekday ?? 0)) % 7) + 7) % 7;

/** A unit's own rates and effects: its resolution offset from the baseline, its error rate, its cost and latency effects. */
interface Traits {
  ownResolution: number;
  ownError: number;
  costEffect: number;
  latencyEffect: number;
}

function drawTraits(s: UnitScenario, uniform: () => number, normal: () => number): Traits {
  const icc = s.icc ?? 0;
  // A unit's offset from the baseline rate: its own rate is Beta with the baseline's mean and the ICC.
  const ownResolution = unitRate(s.resolution.baseline, icc, uniform, normal) - s.resolution.baseline;
  const ownError = unitRate(s.errorRate ?? 0.05, icc, uniform, normal);
  const costEffect = Math.sqrt(icc) * normal();
  const latencyEffect = Math.sqrt(icc) * normal();
  return { ownResolution, ownError, costEffect, latencyEffect };
}

/**
 * One run at time t of a unit with these traits, added to the canary runs (t ≥ 0) or to its
 * history (t < 0, settled as the baseline), unless the weekend thinned it. The draws are
 * made in the order the data before issue 24 made them, so its scenarios give the same numbers.
 */
function addRun(
  s: UnitScenario,
  out: RunCollector,
  id: number,
  t: number,
  traits: Traits,
  uniform: () => number,
  normal: () => number,
): void {
  const weekend = weekdayOf(s, t) >= 5;
  if (weekend && uniform() >= (s.weekendTraffic ?? 1)) return;
  const shift = (weekend ? (s.weekend?.effect ?? 0) : 0) + (s.drift ?? 0) * t;
  const e = Math.sqrt(1 - (s.icc ?? 0));
  const cost =
    s.cost === 'pareto'
      ? 0.02 * (1 - uniform()) ** (-1 / 1.5) * Math.exp(traits.costEffect)
      : 0.02 * Math.exp(1.5 * (traits.costEffect + e * normal()));
  const uResolved = uniform();
  const error = uniform() < traits.ownError ? 1 : 0;
  const latency = 800 * Math.exp(1.5 * (traits.latencyEffect + e * normal()));
  if (t < 0) {
    out.pre.unit.push(id);
    out.pre.t.push(t);
    out.pre.resolved.push(uResolved < s.resolution.baseline + traits.ownResolution + shift ? 1 : 0);
    out.pre.error.push(error);
    out.pre.cost.push(cost);
    out.pre.latency.push(latency);
    return;
  }
  out.t.push(t);
  out.unit.push(id);
  out.shift.push(shift);
  out.uResolved.push(uResolved);
  out.error.push(error);
  out.baseCost.push(cost);
  out.latency.push(latency);
}

/** Units that arrive over [−lead, days), one run of visits each; runs before the canary dropped, or kept from −PRE_PERIOD_DAYS with `history`. */
function generateArrivals(s: UnitScenario, uniform: () => number, normal: () => number): StreamData {
  const gap = s.gapDays ?? 1;
  const perUnit = Math.max(1, s.runsPerUnit);
  // Units active before the canary began: long enough for a unit's runs to fade out.
  const lead = perUnit === 1 ? 0 : Math.min(60, 4 * gap * perUnit);
  const arrivals = Math.round(((s.days + lead) * s.runsPerDay) / perUnit);
  const out = new RunCollector();
  const bucket: number[] = [];
  const own: number[] = [];
  for (let a = 0; a < arrivals; a++) {
    let t = -lead + uniform() * (s.days + lead);
    const m = perUnit === 1 ? 1 : 1 + Math.floor(Math.log(1 - uniform()) / Math.log(1 - 1 / perUnit));
    bucket.push(uniform());
    const traits = drawTraits(s, uniform, normal);
    own.push(traits.ownResolution);
    const id = bucket.length - 1;
    for (let r = 0; r < m; r++) {
      if (r > 0) t += perUnit === 1 ? 0 : -gap * Math.log(1 - uniform());
      if (t >= s.days) break;
      if (t < (s.history === true ? -PRE_PERIOD_DAYS : 0)) continue;
      addRun(s, out, id, t, traits, uniform, normal);
    }
  }
  return out.finish(bucket.length, bucket, own);
}

/**
 * The visit rate η (per user and day, before the activity spread) at which a share r of the units
 * seen by the end of a canary of `days` days had a run in the PRE_PERIOD_DAYS before it: a visit
 * of span w touches a window of length W when it starts in one of length W + w, so with visits
 * Poisson at rate η·G (G ~ Gamma(shape, mean 1), Laplace transform L(x) = (1 + x/shape)^−shape)
 * r = (1 − L(η(days + w)) − L(η(P + w)) + L(η(P + w + days))) / (1 − L(η(days + w))), P the
 * window; solved by bisection (r rises with η).
 */
function visitRate(r: number, shape: number, w: number, days: number): number {
  const L = (x: number) => (Number.isFinite(shape) ? (1 + x / shape) ** -shape : Math.exp(-x));
  const share = (eta: number) => {
    const seen = 1 - L(eta * (days + w));
    return (seen - (1 - L(eta * (PRE_PERIOD_DAYS + w + days))) + (1 - L(eta * (PRE_PERIOD_DAYS + w)))) / seen;
  };
  let lo = 1e-6;
  let hi = 100;
  for (let i = 0; i < 100; i++) {
    const mid = Math.sqrt(lo * hi);
    if (share(mid) < r) lo = mid;
    else hi = mid;
  }
  return Math.sqrt(lo * hi);
}

/** Users who come back (module comment): visits over [−lead, days), history kept from −PRE_PERIOD_DAYS. */
function generateReturning(s: UnitScenario, uniform: () => number, normal: () => number): StreamData {
  const r = s.returning as number;
  if (!(r > 0 && r < 1)) throw new RangeError('returning must be strictly between 0 and 1');
  if (!(s.runsPerUnit > 1)) throw new RangeError('returning needs units of more than one run (a run without a unit has no history)');
  const gap = s.gapDays ?? 1;
  const perVisit = s.runsPerUnit;
  const shape = s.activity ?? Number.POSITIVE_INFINITY;
  const rate = visitRate(r, shape, (perVisit - 1) * gap, s.days);
  // Visits that began before the window can still have runs in it.
  const lead = PRE_PERIOD_DAYS + Math.min(60, 4 * gap * perVisit);
  const users = Math.round(s.runsPerDay / (rate * perVisit));
  const persistence = s.persistence ?? 1;
  const out = new RunCollector();
  const bucket: number[] = [];
  const own: number[] = [];
  for (let id = 0; id < users; id++) {
    bucket.push(uniform());
    const before = drawTraits(s, uniform, normal);
    const during = uniform() < persistence ? before : drawTraits(s, uniform, normal);
    own.push(during.ownResolution);
    const userRate = Number.isFinite(shape) ? (rate * gammaDraw(shape, uniform, normal)) / shape : rate;
    for (let start = -lead - Math.log(1 - uniform()) / userRate; start < s.days; start += -Math.log(1 - uniform()) / userRate) {
      const m = 1 + Math.floor(Math.log(1 - uniform()) / Math.log(1 - 1 / perVisit));
      let t = start;
      for (let k = 0; k < m; k++) {
        if (k > 0) t += -gap * Math.log(1 - uniform());
        if (t >= s.days) break;
        if (t < -PRE_PERIOD_DAYS) continue;
        addRun(s, out, id, t, t < 0 ? before : during, uniform, normal);
      }
    }
  }
  return out.finish(users, bucket, own);
}

function generateStream(s: UnitScenario, uniform: () => number, normal: () => number): StreamData {
  return s.returning === undefined ? generateArrivals(s, uniform, normal) : generateReturning(s, uniform, normal);
}

/** a[i] += x on a typed array (whose index reads are number | undefined under noUncheckedIndexedAccess). */
function add(a: Float64Array, i: number, x: number): void {
  a[i] = (a[i] as number) + x;
}

/** One run added to a unit's simulated columns from offset o (runs, resolved, errors, n and Σ of capped cost, n and Σ of capped latency: SIMULATED's order). */
function sumRun(values: Float64Array, o: number, resolved: boolean, error: boolean, cost: number, latency: number): void {
  add(values, o, 1);
  if (resolved) add(values, o + 1, 1);
  if (error) add(values, o + 2, 1);
  add(values, o + 3, 1);
  add(values, o + 4, cost);
  add(values, o + 5, 1);
  add(values, o + 6, latency);
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
const K = SIMULATED.length;
/** The metrics the simulation carries. */
const METRICS = ['resolution_rate', 'error_rate', 'cost_usd', 'latency_ms'] as const;
/** A unit's values: its K columns in the canary, then the same K over its history (pre_ columns). */
const VALUE_NAMES: readonly string[] = [...SIMULATED, ...SIMULATED.map(preColumn)];
/** The cross-products the metrics need (metricProducts), as index pairs into VALUE_NAMES, each once. */
const PRODUCTS: readonly [number, number][] = [
  ...new Map(
    METRICS.flatMap((metric) =>
      metricProducts(CANARY_METRICS[metric] as (typeof CANARY_METRICS)[string]).map(([a, b]): [string, [number, number]] => [
        stratumColumns.crossProduct(a, b),
        [VALUE_NAMES.indexOf(a), VALUE_NAMES.indexOf(b)],
      ]),
    ),
  ).values(),
];
const PRODUCT_A = Int32Array.from(PRODUCTS, ([a]) => a);
const PRODUCT_B = Int32Array.from(PRODUCTS, ([, b]) => b);
// Every summed column of one cell, in slot order: Σc and Σc² per value, then the cross-products.
const SLOT_NAMES = [
  ...VALUE_NAMES.flatMap((c) => [stratumColumns.sum(c), stratumColumns.sumSquares(c)]),
  ...PRODUCTS.map(([a, b]) => stratumColumns.crossProduct(VALUE_NAMES[a] as string, VALUE_NAMES[b] as string)),
];

/** The runs of one stream settled so far: runs[0..n) with the arm and state that served each. */
interface Settled {
  n: number;
  candidate: Uint8Array;
  state: Int32Array;
  resolved: Uint8Array;
  cost: Float64Array;
}

interface Scratch {
  work: Float64Array;
  values: Float64Array;
  entry: Int32Array;
  maxBaselinePercent: Float64Array;
  minCandidatePercent: Float64Array;
  /** The units seen at a look. */
  seen: Int32Array;
}

function scratchFor(data: StreamData): Scratch {
  return {
    work: new Float64Array(data.t.length),
    values: new Float64Array(data.units * 2 * K),
    entry: new Int32Array(data.units),
    maxBaselinePercent: new Float64Array(data.units),
    minCandidatePercent: new Float64Array(data.units),
    seen: new Int32Array(data.units),
  };
}

function newSettled(data: StreamData): Settled {
  const n = data.t.length;
  return { n: 0, candidate: new Uint8Array(n), state: new Int32Array(n), resolved: new Uint8Array(n), cost: new Float64Array(n) };
}

/** Settles the runs before time `until` (days) at state `state` serving `percent` (the configured share). */
function settle(s: UnitScenario, data: StreamData, settled: Settled, until: number, state: number, percent: number): void {
  const served = s.servedFactor ?? 1;
  const factor = s.candidateCostFactor ?? 1;
  for (let i = settled.n; i < data.t.length && (data.t[i] as number) < until; i++) {
    const u = data.unit[i] as number;
    const candidate = (data.bucket[u] as number) < (percent / 100) * served;
    const rate =
      (candidate ? s.resolution.candidate : s.resolution.baseline) + (data.ownResolution[u] as number) + (data.shift[i] as number);
    settled.candidate[i] = candidate ? 1 : 0;
    settled.state[i] = state;
    settled.resolved[i] = (data.uResolved[i] as number) < rate ? 1 : 0;
    settled.cost[i] = (data.baseCost[i] as number) * (candidate ? factor : 1);
    settled.n = i + 1;
  }
}

/**
 * The canary_stratum_metrics rows of one look: the settled runs summed per unit (capped at the
 * pooled p99 of the canary's runs so far), with each seen unit's history (capped alike), then per
 * entry state, history and arm, the sums named as the mart names them.
 */
function stratumRows(data: StreamData, settled: Settled, percents: readonly number[], scratch: Scratch): StratumArmRow[] {
  const n = settled.n;
  const capCost = nearestRank(settled.cost, n, 0.99, scratch.work);
  const capLatency = nearestRank(data.latency, n, 0.99, scratch.work);
  const { values, entry, maxBaselinePercent, minCandidatePercent } = scratch;
  const V = 2 * K;
  entry.fill(-1);
  let seen = 0;
  for (let i = 0; i < n; i++) {
    const u = data.unit[i] as number;
    const candidate = settled.candidate[i] === 1;
    const state = settled.state[i] as number;
    // entry: state × 2 + arm of the unit's first run
    if (entry[u] === -1) {
      entry[u] = state * 2 + (candidate ? 1 : 0);
      scratch.seen[seen++] = u;
      values.fill(0, u * V, (u + 1) * V);
      maxBaselinePercent[u] = Number.NEGATIVE_INFINITY;
      minCandidatePercent[u] = Number.POSITIVE_INFINITY;
    }
    const percent = percents[state] as number;
    if (candidate) minCandidatePercent[u] = Math.min(minCandidatePercent[u] as number, percent);
    else maxBaselinePercent[u] = Math.max(maxBaselinePercent[u] as number, percent);
    sumRun(
      values,
      u * V,
      settled.resolved[i] === 1,
      data.error[i] === 1,
      Math.min(settled.cost[i] as number, capCost),
      Math.min(data.latency[i] as number, capLatency),
    );
  }
  // in unit order, so the sums add up in the same order at every look
  const units = scratch.seen.subarray(0, seen).sort();
  const pre = data.pre;
  // canary_units keeps the history of the units seen in the canary only
  for (const u of units) {
    const o = u * V + K;
    for (let i = data.preStart[u] as number; i < (data.preStart[u + 1] as number); i++) {
      sumRun(
        values,
        o,
        pre.resolved[i] === 1,
        pre.error[i] === 1,
        Math.min(pre.cost[i] as number, capCost),
        Math.min(pre.latency[i] as number, capLatency),
      );
    }
  }
  const slots = SLOT_NAMES.length;
  // cell: (entry state × 2 + has history) × 2 + arm
  const cells = percents.length * 4;
  const sums = new Float64Array(cells * slots);
  const counts = new Float64Array(cells);
  const misassigned = new Float64Array(cells);
  for (const u of units) {
    const e = entry[u] as number;
    const o = u * V;
    const history = (values[o + K] as number) > 0 ? 1 : 0;
    const cell = ((e >> 1) * 2 + history) * 2 + (e & 1);
    add(counts, cell, 1);
    // baseline at a share at or above one at which it was candidate: no single bucket gives both
    if ((maxBaselinePercent[u] as number) >= (minCandidatePercent[u] as number)) add(misassigned, cell, 1);
    const base = cell * slots;
    for (let c = 0; c < V; c++) {
      const x = values[o + c] as number;
      add(sums, base + 2 * c, x);
      add(sums, base + 2 * c + 1, x * x);
    }
    for (let p = 0; p < PRODUCTS.length; p++) {
      add(sums, base + 2 * V + p, (values[o + (PRODUCT_A[p] as number)] as number) * (values[o + (PRODUCT_B[p] as number)] as number));
    }
  }
  const rows: StratumArmRow[] = [];
  for (let cell = 0; cell < cells; cell++) {
    if (counts[cell] === 0) continue;
    const state = cell >> 2;
    rows.push({
      agentId: 'sim',
      label: 'production',
      canaryReleaseNumber: 1,
      entryReleaseNumber: state + 1,
      candidatePercent: percents[state] as number,
      hasHistory: ((cell >> 1) & 1) === 1,
      arm: cell % 2 === 1 ? 'candidate' : 'baseline',
      units: counts[cell] as number,
      misassignedUnits: misassigned[cell] as number,
      sums: Object.fromEntries(SLOT_NAMES.map((name, i) => [name, sums[cell * slots + i] as number])),
    });
  }
  return rows;
}

/** The run-level rows of the settled runs: each run a unit, one pooled stratum at the runs-weighted share. */
function runLevelRows(data: StreamData, settled: Settled, percents: readonly number[], scratch: Scratch): StratumArmRow[] {
  const n = settled.n;
  const capCost = nearestRank(settled.cost, n, 0.99, scratch.work);
  const capLatency = nearestRank(data.latency, n, 0.99, scratch.work);
  const slots = SLOT_NAMES.length;
  const V = 2 * K;
  const sums = new Float64Array(2 * slots);
  const counts = [0, 0];
  let share = 0;
  // the run's values in the canary; its history columns stay 0
  const values = new Float64Array(V);
  for (let i = 0; i < n; i++) {
    const arm = settled.candidate[i] as number;
    counts[arm] = (counts[arm] as number) + 1;
    share += percents[settled.state[i] as number] as number;
    values.set([
      1,
      settled.resolved[i] as number,
      data.error[i] as number,
      1,
      Math.min(settled.cost[i] as number, capCost),
      1,
      Math.min(data.latency[i] as number, capLatency),
    ]);
    const base = arm * slots;
    for (let c = 0; c < V; c++) {
      const x = values[c] as number;
      add(sums, base + 2 * c, x);
      add(sums, base + 2 * c + 1, x * x);
    }
    for (let p = 0; p < PRODUCTS.length; p++) {
      const [a, b] = PRODUCTS[p] as [number, number];
      add(sums, base + 2 * V + p, (values[a] as number) * (values[b] as number));
    }
  }
  return [0, 1].map((arm) => ({
    agentId: 'sim',
    label: 'production',
    canaryReleaseNumber: 1,
    entryReleaseNumber: 1,
    candidatePercent: n > 0 ? share / n : (percents[0] as number),
    hasHistory: false,
    arm: arm === 1 ? 'candidate' : 'baseline',
    units: counts[arm] as number,
    misassignedUnits: 0,
    sums: Object.fromEntries(SLOT_NAMES.map((name, i) => [name, sums[arm * slots + i] as number])),
  }));
}

const DEFAULT_SCHEDULE = [{ day: 0, percent: 10 }] as const;
const HOUR = 60 * 60 * 1000;
const DAY = 24 * HOUR;
const STARTED = Date.parse('2026-11-02T00:00:00Z');
const TERMINAL: ReadonlySet<RolloutDecisionKind> = new Set(['promote', 'rollback', 'srm', 'misassigned']);

/**
 * One stream of scenario `s` (its first, from its seed), settled at its fixed schedule, and the
 * canary_stratum_metrics rows the simulation sums from all of its runs: for checking the
 * simulation's sums against the SQL's. `history` holds the runs before the canary (with `returning`).
 */
export function simulatedStream(s: UnitScenario): { runs: Run[]; history: HistoryRun[]; rows: StratumArmRow[] } {
  const uniform = mulberry32(s.seed);
  const data = generateStream(s, uniform, normalGenerator(uniform));
  const schedule = s.schedule ?? DEFAULT_SCHEDULE;
  const settled = newSettled(data);
  for (let state = 0; state < schedule.length; state++) {
    const until = state + 1 < schedule.length ? (schedule[state + 1]?.day as number) : Number.POSITIVE_INFINITY;
    settle(s, data, settled, until, state, schedule[state]?.percent as number);
  }
  const runs = Array.from(data.t, (t, i) => ({
    t,
    unit: data.unit[i] as number,
    candidate: settled.candidate[i] === 1,
    state: settled.state[i] as number,
    resolved: settled.resolved[i] === 1,
    error: data.error[i] === 1,
    cost: settled.cost[i] as number,
    latency: data.latency[i] as number,
  }));
  const history = Array.from(data.pre.t, (t, i) => ({
    t,
    unit: data.pre.unit[i] as number,
    resolved: data.pre.resolved[i] === 1,
    error: data.pre.error[i] === 1,
    cost: data.pre.cost[i] as number,
    latency: data.pre.latency[i] as number,
  }));
  const percents = schedule.map((x) => x.percent);
  return { runs, history, rows: stratumRows(data, settled, percents, scratchFor(data)) };
}

/** What a stream shows at one look (for measurements beyond the decision). */
export interface LookView {
  readonly stream: number;
  /** Days since the canary began. */
  readonly day: number;
  /** The share served until this look. */
  readonly percent: number;
  /** Runs settled so far. */
  readonly runs: number;
  readonly rows: readonly StratumArmRow[];
  readonly decision: RolloutDecision;
}

/** How one stream of a staged rollout ended under one policy. */
export interface StagedStream {
  /** promote, rollback, srm or misassigned when it stopped; else the last look's decision (inconclusive at maxDays). */
  readonly end: RolloutDecisionKind;
  /** Days since the canary began at that look. */
  readonly day: number;
  /** The share served when it ended (before the promote or rollback). */
  readonly percent: number;
  /**
   * no-harm read leniently: a guardrail need only not be shown beyond its margin (rather than
   * shown within it) for the promote at the end of the ramp. The strict rule's decisions are the
   * same until that look, so this is where the stream would have ended (the strict end otherwise).
   */
  readonly lenient: { readonly end: RolloutDecisionKind; readonly day: number };
  /**
   * At the first look where no-harm's promote was due (the ramp's last share served its hours,
   * or maxDays without a ramp) and not given: the guardrails not shown within margin ([] when it
   * promoted there); null when no such look came (or the rule is better).
   */
  readonly blockedBy: readonly string[] | null;
  /** Each metric's verdict at the last look. */
  readonly verdicts: Readonly<Record<string, MetricVerdictKind>>;
  /** The primary's estimated difference (candidate − baseline) at the last look; null before it had one. */
  readonly difference: number | null;
}

/**
 * The canary watch sees: its first state began at STARTED; its current one (the stage) at
 * stageStart. Its policy stored parsed, every default filled in, as startCanary stores it.
 */
function canaryAt(policy: RolloutPolicyInput, percent: number, stageStart: number): RunningCanary {
  return {
    release: { rolloutPolicy: parseRolloutPolicy(policy), candidatePercent: percent, createdAt: new Date(stageStart).toISOString() },
    canaryReleaseNumber: 1,
    startedAt: new Date(STARTED).toISOString(),
  } as unknown as RunningCanary;
}

/**
 * One stream looked at every `lookHours` under one policy. dynamic: the share starts at the
 * ramp's first (else the schedule's first) and moves on each advance; else it follows the
 * schedule by day and the canary's state stays its first, as a canary without --apply. stop:
 * end at the first terminal decision.
 */
function runStream(
  s: UnitScenario,
  data: StreamData,
  scratch: Scratch,
  policy: RolloutPolicyInput,
  options: { dynamic: boolean; stop: boolean; stream: number; onLook?: ((view: LookView) => void) | undefined },
): StagedStream {
  const schedule = s.schedule ?? DEFAULT_SCHEDULE;
  const lookHours = s.lookHours ?? 24;
  const ramp = policy.ramp ?? [];
  const percents: number[] = options.dynamic ? [ramp[0] ?? (schedule[0]?.percent as number)] : schedule.map((x) => x.percent);
  const settled = newSettled(data);
  let stageStart = STARTED;
  let shipDue = false;
  let blockedBy: string[] | null = null;
  let lenient: { end: RolloutDecisionKind; day: number } | null = null;
  let last: { end: RolloutDecisionKind; day: number; percent: number; decision: RolloutDecision | null } = {
    end: 'continue',
    day: 0,
    percent: percents[0] as number,
    decision: null,
  };
  const looks = Math.floor((s.days * 24) / lookHours + 1e-9);
  for (let k = 1; k <= looks; k++) {
    const now = STARTED + Math.round(k * lookHours * HOUR);
    const day = (now - STARTED) / DAY;
    if (options.dynamic) settle(s, data, settled, day, percents.length - 1, percents[percents.length - 1] as number);
    else {
      for (let state = 0; state < schedule.length; state++) {
        const until = state + 1 < schedule.length ? Math.min(day, schedule[state + 1]?.day as number) : day;
        settle(s, data, settled, until, state, schedule[state]?.percent as number);
      }
    }
    const rows = s.analysis === 'run' ? runLevelRows(data, settled, percents, scratch) : stratumRows(data, settled, percents, scratch);
    const percent = percents[options.dynamic ? percents.length - 1 : 0] as number;
    const look = canaryLook(canaryAt(policy, percent, stageStart), rows, new Date(now));
    const decision = decideRollout(look);
    options.onLook?.({ stream: options.stream, day, percent, runs: settled.n, rows, decision });
    last = { end: decision.decision, day, percent, decision };
    // no-harm's promote is due: the ramp's last share has served its hours, or the horizon without a ramp
    const { schedule: stage } = decision;
    const due =
      look.policy.shipWhen === 'no-harm' &&
      stage !== null &&
      (stage.next_percent === null
        ? look.daysSinceStart >= look.policy.maxDays
        : stage.next_percent === 100 && stage.hours_in_stage >= stage.stage_hours);
    const enough = decision.units.baseline >= look.policy.minUnitsPerArm && decision.units.candidate >= look.policy.minUnitsPerArm;
    if (due && !shipDue && !TERMINAL.has(decision.decision)) {
      shipDue = true;
      blockedBy = decision.metrics.filter((m) => m.role === 'guardrail' && m.verdict !== 'within margin').map((m) => m.metric);
    } else if (due && !shipDue && decision.decision === 'promote') {
      shipDue = true;
      blockedBy = [];
    }
    // the lenient reading promotes where the strict one waits: no rollback means nothing is shown beyond its margin
    if (lenient === null && due && enough && !TERMINAL.has(decision.decision)) lenient = { end: 'promote', day };
    if (options.stop && TERMINAL.has(decision.decision)) break;
    if (options.dynamic && decision.decision === 'advance') {
      percents.push(decision.schedule?.next_percent as number);
      stageStart = now;
    }
  }
  return {
    end: last.end,
    day: last.day,
    percent: last.percent,
    lenient: lenient ?? { end: last.end, day: last.day },
    blockedBy,
    verdicts: Object.fromEntries((last.decision?.metrics ?? []).map((m) => [m.metric, m.verdict])),
    difference: last.decision?.metrics[0]?.difference ?? null,
  };
}

const policyOf = (s: UnitScenario, policy?: RolloutPolicyInput): RolloutPolicyInput => ({
  maxDays: s.days,
  ...(policy ?? s.policy ?? SIMULATION_POLICY),
});

/** Runs `s.streams` canaries of scenario `s`, each looked at daily on its fixed schedule until its first terminal decision. */
export function simulateUnitCanaries(s: UnitScenario): UnitOutcome {
  const uniform = mulberry32(s.seed);
  const normal = normalGenerator(uniform);
  const policy = policyOf(s);
  const counts: Record<RolloutDecisionKind, number> = {
    promote: 0,
    rollback: 0,
    advance: 0,
    continue: 0,
    inconclusive: 0,
    srm: 0,
    misassigned: 0,
  };
  const stopDays: UnitOutcome['stopDays'] = { promote: [], rollback: [], srm: [], misassigned: [] };
  let unitsByDay7 = 0;
  let runsByDay7 = 0;
  let reachedDay7 = 0;
  const onLook = (view: LookView) => {
    if (view.day !== 7) return;
    reachedDay7++;
    unitsByDay7 += view.rows.reduce((t, r) => t + r.units, 0);
    runsByDay7 += view.runs;
  };
  for (let stream = 0; stream < s.streams; stream++) {
    const data = generateStream(s, uniform, normal);
    const r = runStream({ ...s, lookHours: 24 }, data, scratchFor(data), policy, { dynamic: false, stop: true, stream, onLook });
    if (TERMINAL.has(r.end)) stopDays[r.end as keyof UnitOutcome['stopDays']].push(r.day);
    counts[r.end]++;
  }
  return { counts, stopDays, unitsByDay7: unitsByDay7 / reachedDay7, runsByDay7: runsByDay7 / reachedDay7 };
}

/**
 * Runs `s.streams` staged rollouts of scenario `s` (module comment), each stream's data made
 * once and run under every policy in `policies` (so the policies are compared on the same data),
 * looked at every s.lookHours until the first terminal decision or s.days. `hold`: the share
 * follows s.schedule and no decision stops a stream (to measure, not to decide). Returns, per
 * policy, each stream's end.
 */
export function simulateStagedRollouts(
  s: UnitScenario,
  policies: readonly RolloutPolicyInput[],
  options: { hold?: boolean; onLook?: (policy: number, view: LookView) => void } = {},
): StagedStream[][] {
  const uniform = mulberry32(s.seed);
  const normal = normalGenerator(uniform);
  const results: StagedStream[][] = policies.map(() => []);
  for (let stream = 0; stream < s.streams; stream++) {
    const data = generateStream(s, uniform, normal);
    const scratch = scratchFor(data);
    policies.forEach((policy, p) => {
      const onLook = options.onLook;
      (results[p] as StagedStream[]).push(
        runStream(s, data, scratch, policyOf(s, policy), {
          dynamic: options.hold !== true,
          stop: options.hold !== true,
          stream,
          onLook: onLook && ((view) => onLook(p, view)),
        }),
      );
    });
  }
  return results;
}

/** Share of the units at a look that have history (rows with hasHistory). */
export function historyShare(rows: readonly StratumArmRow[]): number {
  const all = rows.reduce((t, r) => t + r.units, 0);
  return all > 0 ? rows.filter((r) => r.hasHistory).reduce((t, r) => t + r.units, 0) / all : Number.NaN;
}

/**
 * The realised correlation, over the units with history, of a metric's unit-level linearized
 * value in the canary, l = (x − R·y)/ȳ, with the same of its history, m = (u − P·v)/v̄ (what
 * CUPED regresses on), each centred within its entry state and arm, from the rows' sums alone:
 * Σlm / √(Σl²·Σm²) pooled over those cells.
 */
export function historyCorrelation(rows: readonly StratumArmRow[], metric = 'resolution_rate'): number {
  const { num, den } = CANARY_METRICS[metric] as (typeof CANARY_METRICS)[string];
  const [u, v] = [preColumn(num), preColumn(den)];
  const { sum, sumSquares, crossProduct } = stratumColumns;
  let ll = 0;
  let mm = 0;
  let lm = 0;
  for (const row of rows) {
    if (!row.hasHistory || row.units < 2) continue;
    const x = (c: string) => row.sums[c] ?? 0;
    const r = x(sum(num)) / x(sum(den));
    const p = x(sum(u)) / x(sum(v));
    const yBar = x(sum(den)) / row.units;
    const vBar = x(sum(v)) / row.units;
    ll += (x(sumSquares(num)) - 2 * r * x(crossProduct(num, den)) + r * r * x(sumSquares(den))) / (yBar * yBar);
    mm += (x(sumSquares(u)) - 2 * p * x(crossProduct(u, v)) + p * p * x(sumSquares(v))) / (vBar * vBar);
    lm +=
      (x(crossProduct(num, u)) - p * x(crossProduct(num, v)) - r * x(crossProduct(den, u)) + r * p * x(crossProduct(den, v))) /
      (yBar * vBar);
  }
  return lm / Math.sqrt(ll * mm);
}
