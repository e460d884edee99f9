import { cupedMoments } from '../stats/cuped-moments.js';
import { estimateConfidenceSequence } from '../stats/estimate-confidence-sequence.js';
import { ratioMoments } from '../stats/ratio-moments.js';
import { stratifiedDifference } from '../stats/stratified-difference.js';
import { stratifiedSrmTest } from '../stats/stratified-srm-test.js';
import type { CovariateRatioSummary, MeanVarianceSummary } from '../stats/types.js';
import { type Direction, metricDirection } from './metric-direction.js';
import { type Guardrail, PRE_PERIOD_DAYS, type RolloutPolicy } from './rollout-policy.js';

/**
 * One metric in one arm of one stratum: the sums over units of the unit's numerator x and
 * denominator y (a rate: x its resolved runs, y its runs; a capped mean: x its capped cost, y its
 * runs with a cost), what the delta method needs (see `ratioMoments`).
 */
export interface MetricSums {
  readonly num: number;
  readonly den: number;
  readonly numSquares: number;
  readonly denSquares: number;
  readonly numDen: number;
  /** The same metric over each unit's runs before the canary (u, v), for CUPED: absent, no adjustment. */
  readonly pre?: HistorySums;
}

/** Sums over units of a metric's history u/v (the unit's runs before the canary) and its cross-products with x, y. */
export interface HistorySums {
  readonly num: number;
  readonly den: number;
  readonly numSquares: number;
  readonly denSquares: number;
  readonly numDen: number;
  /** Σx·u, Σx·v, Σy·u, Σy·v. */
  readonly numTimesNum: number;
  readonly numTimesDen: number;
  readonly denTimesNum: number;
  readonly denTimesDen: number;
}

/** The units of one arm that entered the canary in one state, summed. */
export interface StratumArm {
  /** Units (a run without a unit is one). */
  readonly units: number;
  readonly runs: number;
  /** Units whose runs the assignment cannot explain (still analysed in the arm they entered). */
  readonly misassignedUnits: number;
  /** Per metric key, its sums. */
  readonly metrics: Readonly<Record<string, MetricSums>>;
}

/** The units first exposed in one state of the canary: split at that state's share. */
export interface LookStratum {
  readonly releaseNumber: number;
  /** The units had runs before the canary (their history adjusts them); default false. A state's units come in two strata, with and without. */
  readonly hasHistory?: boolean;
  /** The candidate's configured share in that state, percent (0 < p < 100). */
  readonly candidatePercent: number;
  readonly baseline: StratumArm;
  readonly candidate: StratumArm;
}

/**
 * What `decideRollout` needs at one look at a canary, cumulative since the canary began: the
 * policy, the time, and per entry state (stratum) each arm's unit-level sums.
 */
export interface RolloutLook {
  readonly policy: RolloutPolicy;
  /** Whole or fractional days since the canary began. */
  readonly daysSinceStart: number;
  /** The metrics the strata carry and the kind of each (a rate of runs, or a mean). Must include the primary and every guardrail. */
  readonly metrics: Readonly<Record<string, 'rate' | 'mean'>>;
  /** One per state in which units were first exposed, with history or without (any order). */
  readonly strata: readonly LookStratum[];
  /** The label's current share and the hours it has served it: required when the policy has a ramp. */
  readonly stage?: { readonly percent: number; readonly hours: number };
}

export type RolloutDecisionKind = 'promote' | 'rollback' | 'advance' | 'continue' | 'inconclusive' | 'srm' | 'misassigned';

/** primary: better | worse | no difference yet; guardrail: within margin | beyond margin | unclear. */
export type MetricVerdictKind = 'better' | 'worse' | 'no difference yet' | 'within margin' | 'beyond margin' | 'unclear' | 'too few units';

/** One stratum's part in a metric's combined estimate. */
export interface StratumDifference {
  readonly release_number: number;
  /** Its units had runs before the canary. */
  readonly has_history: boolean;
  /** CUPED's slope in it (0: unadjusted). */
  readonly theta: number;
  /** Its weight in the combination (its share of the units of the strata compared). */
  readonly weight: number;
  readonly baseline: number;
  readonly candidate: number;
  readonly difference: number;
}

/** The evidence on one metric at one look. */
export interface MetricVerdict {
  readonly metric: string;
  readonly role: 'primary' | 'guardrail';
  readonly better: Direction;
  readonly kind: 'rate' | 'mean';
  /** Per arm, the strata's per-run value combined with the strata's weights (null without data). */
  readonly baseline: number | null;
  readonly candidate: number | null;
  /** Units per arm in the strata compared. */
  readonly nBaseline: number;
  readonly nCandidate: number;
  /** candidate − baseline (combined over strata) and its always-valid interval (null without data). */
  readonly difference: number | null;
  readonly interval: readonly [number, number] | null;
  /** Always-valid p-value of "no difference". */
  readonly pValue: number | null;
  /** CUPED: 1 − the adjusted variance of the difference over the unadjusted one (null: not adjusted). */
  readonly varianceReduction: number | null;
  /** Guardrails: the tolerated worsening at this look, in the metric's units (margin × baseline when relative). */
  readonly margin: { readonly value: number; readonly relative: boolean; readonly absolute: number } | null;
  readonly verdict: MetricVerdictKind;
  /** Each stratum compared: its weight, values and difference. */
  readonly strata: readonly StratumDifference[];
}

/** One entry state in the evidence: its share, units and runs per arm, its SRM p-value. */
export interface StratumEvidence {
  readonly release_number: number;
  readonly candidate_percent: number;
  readonly units: { readonly baseline: number; readonly candidate: number };
  readonly runs: { readonly baseline: number; readonly candidate: number };
  readonly misassigned_units: number;
  readonly srm_p_value: number;
}

/** Where a canary is in its ramp schedule, and what the ship rule is. */
export interface ScheduleEvidence {
  readonly ramp: readonly number[];
  readonly stage_hours: number;
  readonly ship_when: RolloutPolicy['shipWhen'];
  /** The current share and the hours it has served it. */
  readonly percent: number;
  readonly hours_in_stage: number;
  /** The next share of the ramp (100: the promote); null without a ramp. */
  readonly next_percent: number | null;
}

/** The decision at one look, with its evidence (what `watch` prints and writes to release_decisions). */
export interface RolloutDecision {
  readonly decision: RolloutDecisionKind;
  /** One sentence. */
  readonly reason: string;
  /** The always-valid sample-ratio p-value on units, all strata at once. */
  readonly srmPValue: number;
  /** Units per arm (what the statistics count). */
  readonly units: { readonly baseline: number; readonly candidate: number };
  /** Runs per arm (what the units did). */
  readonly runs: { readonly baseline: number; readonly candidate: number };
  /** Units the assignment cannot explain, in all. */
  readonly misassignedUnits: number;
  readonly strata: readonly StratumEvidence[];
  readonly metrics: readonly MetricVerdict[];
  /** The ramp: where the canary is, and (advance) the share it moves to; null when the look has no stage. */
  readonly schedule: ScheduleEvidence | null;
  /** The methods, for the audit row. */
  readonly method: string;
}

function method(policy: RolloutPolicy): string {
  const cuped =
    policy.varianceReduction === 'cuped'
      ? `CUPED (Deng, Xu, Kohavi & Walker 2013) on each unit's own metric in the ${PRE_PERIOD_DAYS} days before the canary, theta pooled across arms within each entry state, units without history a stratum of their own (unadjusted); `
      : '';
  const schedule =
    policy.ramp.length > 0
      ? `ramp ${policy.ramp.join(' → ')}% at ${fmt(policy.stageHours)} h a share, advanced with enough units, a sound split and no harm; `
      : '';
  const ship =
    policy.shipWhen === 'no-harm'
      ? `ship when no harm: at the end of the ${policy.ramp.length > 0 ? 'ramp' : 'horizon'}, primary not shown worse and every guardrail shown within its margin; `
      : 'ship when better: primary shown better and every guardrail shown within its margin; ';
  return (
    `unit-level delta method (Deng, Knoblich & Lu 2018) within strata by entry state, combined with the strata's unit shares as weights; ` +
    cuped +
    `SRM on units: Dirichlet-multinomial sequential test (Lindon & Malek 2022), product over entry states, concentration ${policy.srmConcentration}, alpha ${policy.srmAlpha}; ` +
    `assignment check: at most ${fmt(100 * policy.maxMisassignedShare)}% of units misassigned; ` +
    schedule +
    ship +
    `metrics: asymptotic confidence sequences (Howard et al. 2021; Waudby-Smith et al. 2021) on candidate - baseline, ` +
    `alpha ${policy.alpha}, tuned for ${policy.plannedUnits} units, variance per stratum max(Welch, pooled)`
  );
}

const ARMS = ['baseline', 'candidate'] as const;

function checkLook(look: RolloutLook): void {
  if (typeof look.daysSinceStart !== 'number' || !(look.daysSinceStart >= 0)) {
    throw new RangeError('decideRollout requires daysSinceStart to be a non-negative number');
  }
  if (!Array.isArray(look.strata)) throw new RangeError('decideRollout requires strata to be an array');
  for (const [i, stratum] of look.strata.entries()) {
    const p = stratum?.candidatePercent;
    if (typeof p !== 'number' || !(p > 0 && p < 100)) {
      throw new RangeError(`decideRollout requires strata[${i}].candidatePercent strictly between 0 and 100`);
    }
    for (const arm of ARMS) {
      const a = stratum[arm];
      for (const count of ['units', 'runs', 'misassignedUnits'] as const) {
        const n = a?.[count];
        if (typeof n !== 'number' || !Number.isInteger(n) || n < 0) {
          throw new RangeError(`decideRollout requires strata[${i}].${arm}.${count} to be a non-negative integer`);
        }
      }
    }
  }
  const { stage } = look;
  if (stage !== undefined && !(typeof stage?.percent === 'number' && stage.percent > 0 && stage.percent < 100 && stage.hours >= 0)) {
    throw new RangeError('decideRollout requires stage as { percent strictly between 0 and 100, hours ≥ 0 }');
  }
  if (look.policy.ramp.length > 0 && stage === undefined) throw new RangeError('decideRollout requires stage when the policy has a ramp');
}

/**
 * Decides a guarded rollout at one look, from the per-arm unit-level sums of the units by the
 * state they entered in and whether they had runs before the canary (cumulative since the
 * canary began). The unit (what the resolver hashed: a ticket, a user) is the analysis unit:
 * its runs are correlated, so counting runs as independent would understate every variance,
 * and assignment is by unit, so the sample ratio counts units.
 * 1. SRM: an always-valid test of the units per arm against each entry state's configured share,
 *    all states at once (`stratifiedSrmTest`); p ≤ policy.srmAlpha → `srm`, no verdict.
 * 2. Assignment check: more than policy.maxMisassignedShare of units misassigned (seen in both
 *    arms where no ramp explains it, or served a version their arm does not serve) →
 *    `misassigned`, no verdict.
 * 3. Each metric: within each stratum (entry state × history), each arm's per-run value Σx/Σy
 *    and its delta-method variance by unit (`ratioMoments`), adjusted by the units' own history
 *    when policy.varianceReduction is cuped (`cupedMoments`, θ pooled across the arms of the
 *    stratum; units without history are not adjusted); the strata combined with weights
 *    proportional to their units (both arms: fixed at entry, so a candidate cannot move them)
 *    into one estimate and variance (`stratifiedDifference`), and its always-valid interval
 *    (`estimateConfidenceSequence`, level policy.alpha, tuned for policy.plannedUnits units).
 *    A ramp thus cannot tilt it: both arms of a state share its days. Primary: `better` or
 *    `worse` when the interval excludes 0. Guardrail with margin m (in units, or m × the
 *    baseline when relative, tested as candidate − (1 ± m)·baseline so the baseline's noise is
 *    counted): `beyond margin`, `within margin`, else `unclear`.
 * 4. Harm (the primary worse, or a guardrail beyond its margin) → `rollback`, at any look.
 *    No verdict before policy.minUnitsPerArm units per arm.
 * 5. Ship rule better: `promote` when the primary is better and every guardrail within its
 *    margin, at any look. With a ramp, when the current share has served policy.stageHours:
 *    `advance` to the next share below 100; at the last one, the ship rule: better waits for
 *    its promote, no-harm promotes when every guardrail is within its margin (the primary is
 *    not worse, or step 4 rolled back). Without a ramp no-harm does so at policy.maxDays.
 *    Otherwise `continue`, and `inconclusive` at or after policy.maxDays.
 * Heavy-tailed means must come capped from SQL (see `winsorizedSums`).
 *
 * Cost: O(metrics × strata).
 *
 * @example
 * decideRollout({ policy: parseRolloutPolicy({ guardrails: [] }), daysSinceStart: 5, metrics: { resolution_rate: 'rate' },
 *   strata: [{ releaseNumber: 4, candidatePercent: 10,
 *     baseline: { units: 9000, runs: 9000, misassignedUnits: 0, metrics: { resolution_rate: { num: 6300, den: 9000, numSquares: 6300, denSquares: 9000, numDen: 6300 } } },
 *     candidate: { units: 1000, runs: 1000, misassignedUnits: 0, metrics: { resolution_rate: { num: 610, den: 1000, numSquares: 610, denSquares: 1000, numDen: 610 } } } }] });
 * // { decision: 'rollback', reason: 'Roll back: resolution_rate is worse in the candidate (0.61 vs 0.7, difference -0.09, always-valid interval [-0.139, -0.0409]).', … }
 */
export function decideRollout(look: RolloutLook): RolloutDecision {
  checkLook(look);
  const { policy } = look;
  const sum = (pick: (s: LookStratum) => number) => look.strata.reduce((total, s) => total + pick(s), 0);
  const units = { baseline: sum((s) => s.baseline.units), candidate: sum((s) => s.candidate.units) };
  const runs = { baseline: sum((s) => s.baseline.runs), candidate: sum((s) => s.candidate.runs) };
  const misassignedUnits = sum((s) => s.baseline.misassignedUnits + s.candidate.misassignedUnits);
  // The sample ratio is of entry states: units with and without history were split alike.
  const states = entryStates(look.strata);
  const counted = states.filter((s) => s.units.baseline + s.units.candidate > 0);
  const srm =
    counted.length > 0
      ? stratifiedSrmTest(
          counted.map((s) => ({ counts: [s.units.baseline, s.units.candidate], shares: [100 - s.candidate_percent, s.candidate_percent] })),
          { alpha: policy.srmAlpha, concentration: policy.srmConcentration },
        )
      : null;
  const strata: StratumEvidence[] = states.map((s) => ({ ...s, srm_p_value: srm?.strata[counted.indexOf(s)]?.pValue ?? 1 }));
  // At least one unit an arm whatever the policy says: nothing is decided on no traffic.
  const minUnits = Math.max(1, policy.minUnitsPerArm);
  const enough = units.baseline >= minUnits && units.candidate >= minUnits;
  const evaluate = (metric: string, guardrail: Guardrail | null): MetricVerdict => {
    const kind = look.metrics[metric];
    if (kind === undefined) throw new RangeError(`decideRollout requires statistics for metric "${metric}"`);
    return judgeMetric(metric, kind, guardrail, look.strata, metricDirection(metric, policy.directions), policy, enough);
  };
  const primary = evaluate(policy.primary, null);
  const guardrails = policy.guardrails.map((g) => evaluate(g.metric, g));
  const metrics = [primary, ...guardrails];
  const srmPValue = srm?.pValue ?? 1;
  const schedule = scheduleOf(look);
  const result = (decision: RolloutDecisionKind, reason: string): RolloutDecision => ({
    decision,
    reason,
    srmPValue,
    units,
    runs,
    misassignedUnits,
    strata,
    metrics,
    schedule,
    method: method(policy),
  });
  const totalUnits = units.baseline + units.candidate;
  if (srm?.reject) {
    // The states that disagree with their share; all of them when none does on its own.
    const seen = strata.filter((s) => s.units.baseline + s.units.candidate > 0);
    const off = seen.filter((s) => s.srm_p_value < 0.5);
    const described = (off.length > 0 ? off : seen).map(
      (s) =>
        `${fmt((100 * s.units.candidate) / (s.units.baseline + s.units.candidate))}% of ${s.units.baseline + s.units.candidate} units against ${s.candidate_percent}% (entered at release ${s.release_number})`,
    );
    return result(
      'srm',
      `Sample ratio mismatch: the candidate got ${described.join('; ')} (SRM p = ${fmtP(srmPValue)}), so the split is broken and no verdict is given.`,
    );
  }
  if (totalUnits > 0 && misassignedUnits > policy.maxMisassignedShare * totalUnits) {
    return result(
      'misassigned',
      `Assignment broken: ${misassignedUnits} of ${totalUnits} units (${fmt((100 * misassignedUnits) / totalUnits)}%; at most ${Math.floor(policy.maxMisassignedShare * totalUnits)}, ${fmt(100 * policy.maxMisassignedShare)}%, are tolerated) were seen in both arms where no ramp explains it or served a version their arm does not serve, so no verdict is given.`,
    );
  }
  const atHorizon = look.daysSinceStart >= policy.maxDays;
  const wait = (why: string) =>
    atHorizon
      ? result('inconclusive', `Inconclusive after ${fmt(look.daysSinceStart)} days (max ${policy.maxDays}): ${why}.`)
      : result('continue', `Continue: ${why}.`);
  if (!enough) {
    return wait(`fewer than ${minUnits} units in an arm (baseline ${units.baseline}, candidate ${units.candidate})`);
  }
  const beyond = guardrails.filter((g) => g.verdict === 'beyond margin');
  if (primary.verdict === 'worse' || beyond.length > 0) {
    const parts = [
      ...(primary.verdict === 'worse' ? [`${primary.metric} is worse in the candidate (${describe(primary)})`] : []),
      ...beyond.map((g) => `${g.metric} is worse than its margin of ${marginText(g)} (${describe(g)})`),
    ];
    return result('rollback', `Roll back: ${parts.join('; ')}.`);
  }
  const notWithin = guardrails.filter((g) => g.verdict !== 'within margin');
  const within = guardrails.length > 0 ? `, and ${guardrails.map((g) => g.metric).join(', ')} within their margins` : '';
  if (policy.shipWhen === 'better' && primary.verdict === 'better' && notWithin.length === 0) {
    return result('promote', `Promote: ${primary.metric} is better in the candidate (${describe(primary)})${within}.`);
  }
  const noHarm = `no harm: ${primary.metric} is not worse (${describe(primary)})`;
  // "Not worse" needs a measured primary: one without data (no graded runs yet, say) shows nothing.
  const measured = primary.difference !== null;
  if (!measured) return wait(`${primary.metric} has no data in the strata compared yet`);
  // The ship rule's moment: the end of the ramp, or the horizon without one.
  const shipMoment = schedule === null || schedule.next_percent === null ? atHorizon : schedule.next_percent === 100 && stageDone(schedule);
  if (policy.shipWhen === 'no-harm' && shipMoment && notWithin.length === 0) {
    const end =
      schedule?.next_percent === 100
        ? `the ramp is done (${fmt(schedule.percent)}% for ${fmt(schedule.hours_in_stage)} h)`
        : 'the horizon is reached';
    return result('promote', `Promote: ${end} with ${noHarm}${within}.`);
  }
  if (schedule !== null && schedule.next_percent !== null && schedule.next_percent < 100 && !atHorizon) {
    if (stageDone(schedule)) {
      return result(
        'advance',
        `Advance to ${fmt(schedule.next_percent)}%: ${fmt(schedule.percent)}% has served ${fmt(schedule.hours_in_stage)} h (at least ${fmt(schedule.stage_hours)}) with ${noHarm}${guardrails.length > 0 ? `, and no guardrail beyond its margin` : ''}.`,
      );
    }
    return result(
      'continue',
      `Continue: ${fmt(schedule.percent)}% has served ${fmt(schedule.hours_in_stage)} of ${fmt(schedule.stage_hours)} h before ${fmt(schedule.next_percent)}%; ${noHarm}.`,
    );
  }
  const unclear = notWithin.map((g) => g.metric).join(', ');
  if (policy.shipWhen === 'no-harm') {
    const pending = notWithin.length > 0 ? `${noHarm}, but ${unclear} not yet shown within margin` : noHarm;
    const until =
      schedule !== null && schedule.next_percent === 100
        ? stageDone(schedule)
          ? ''
          : `; the ramp ends after ${fmt(schedule.stage_hours - schedule.hours_in_stage)} more h`
        : '';
    return wait(`${pending}${until}`);
  }
  return wait(
    primary.verdict === 'better'
      ? `${primary.metric} is better but ${unclear} not yet shown within margin`
      : `no difference in ${primary.metric} yet (${describe(primary)})`,
  );
}

/** The current share has served its hours. */
// A watch scheduled every stageHours looks a little before the share's full hours (its state was
// written after the previous look began): 95% of them counts, so each such look advances.
const STAGE_SLACK = 0.95;
const stageDone = (schedule: ScheduleEvidence) => schedule.hours_in_stage >= STAGE_SLACK * schedule.stage_hours;

/** Where the look's stage sits in the policy's ramp; null when the look has no stage. */
function scheduleOf(look: RolloutLook): ScheduleEvidence | null {
  if (look.stage === undefined) return null;
  const { ramp, stageHours, shipWhen } = look.policy;
  return {
    ramp,
    stage_hours: stageHours,
    ship_when: shipWhen,
    percent: look.stage.percent,
    hours_in_stage: look.stage.hours,
    // A share moved by hand between stages goes on from the next stage above it.
    next_percent: ramp.length > 0 ? (ramp.find((p) => p > (look.stage?.percent ?? 0)) ?? 100) : null,
  };
}

/** The look's strata merged by entry state (with and without history), in release order: what SRM and the evidence count. */
function entryStates(lookStrata: readonly LookStratum[]): Omit<StratumEvidence, 'srm_p_value'>[] {
  const states = new Map<number, Omit<StratumEvidence, 'srm_p_value'>>();
  for (const s of lookStrata) {
    const prior = states.get(s.releaseNumber);
    states.set(s.releaseNumber, {
      release_number: s.releaseNumber,
      candidate_percent: s.candidatePercent,
      units: { baseline: (prior?.units.baseline ?? 0) + s.baseline.units, candidate: (prior?.units.candidate ?? 0) + s.candidate.units },
      runs: { baseline: (prior?.runs.baseline ?? 0) + s.baseline.runs, candidate: (prior?.runs.candidate ?? 0) + s.candidate.runs },
      misassigned_units: (prior?.misassigned_units ?? 0) + s.baseline.misassignedUnits + s.candidate.misassignedUnits,
    });
  }
  return [...states.values()].sort((a, b) => a.release_number - b.release_number);
}

/** A stratum's arm as the sums of `ratioMoments` and, with its history, of `cupedMoments`; null without a denominator. */
function armSums(arm: StratumArm, metric: string, stratum: number): CovariateRatioSummary | null {
  const sums = arm.metrics[metric];
  if (sums === undefined) throw new RangeError(`decideRollout requires strata[${stratum}] to carry metric "${metric}" in both arms`);
  if (arm.units < 1 || !(sums.den > 0)) return null;
  const pre = sums.pre;
  return {
    n: arm.units,
    sumNum: sums.num,
    sumDen: sums.den,
    sumNumSquares: sums.numSquares,
    sumDenSquares: sums.denSquares,
    sumNumDen: sums.numDen,
    sumPreNum: pre?.num ?? 0,
    sumPreDen: pre?.den ?? 0,
    sumPreNumSquares: pre?.numSquares ?? 0,
    sumPreDenSquares: pre?.denSquares ?? 0,
    sumPreNumPreDen: pre?.numDen ?? 0,
    sumNumPreNum: pre?.numTimesNum ?? 0,
    sumNumPreDen: pre?.numTimesDen ?? 0,
    sumDenPreNum: pre?.denTimesNum ?? 0,
    sumDenPreDen: pre?.denTimesDen ?? 0,
  };
}

// θ is fitted on the units it adjusts, so in a small stratum θ is noisy and the residual variance
// optimistic (a seeded fixed-n A/A at 20 units an arm rejected 7.3% at a nominal 5%, against 5.6%
// at 50); such a stratum weighs little, and is compared unadjusted.
const CUPED_MIN_UNITS = 50;

/** One stratum's arms compared: adjusted by history (CUPED) when the policy asks, the stratum has it and CUPED_MIN_UNITS units an arm, else plain. */
function compareArms(
  b: CovariateRatioSummary,
  c: CovariateRatioSummary,
  stratum: LookStratum,
  policy: RolloutPolicy,
  kind: 'rate' | 'mean',
): { b: MeanVarianceSummary; c: MeanVarianceSummary; plain: { b: MeanVarianceSummary; c: MeanVarianceSummary }; theta: number } {
  const floor = (arm: CovariateRatioSummary, m: MeanVarianceSummary) => (kind === 'rate' ? allSameFloor(arm, m) : m);
  if (policy.varianceReduction === 'cuped' && stratum.hasHistory === true && b.n >= CUPED_MIN_UNITS && c.n >= CUPED_MIN_UNITS) {
    const adjusted = cupedMoments(c, b);
    return {
      b: floor(b, adjusted.b),
      c: floor(c, adjusted.a),
      plain: { b: floor(b, adjusted.unadjusted.b), c: floor(c, adjusted.unadjusted.a) },
      theta: adjusted.theta,
    };
  }
  const plain = { b: floor(b, ratioMoments(b)), c: floor(c, ratioMoments(c)) };
  return { ...plain, plain, theta: 0 };
}

/**
 * A rate whose every run went one way (no errors at all, say) has a sample variance of 0, which
 * would make any guardrail on it unprovable; such an arm gets at least the binomial variance of
 * the rate (Σx + ½)/(Σy + 1) over its runs (a Jeffreys-style half event), expressed per unit.
 */
function allSameFloor(arm: CovariateRatioSummary, m: MeanVarianceSummary): MeanVarianceSummary {
  if (arm.sumNum !== 0 && arm.sumNum !== arm.sumDen) return m;
  const p = (arm.sumNum + 0.5) / (arm.sumDen + 1);
  return { ...m, variance: Math.max(m.variance, (arm.n * p * (1 - p)) / arm.sumDen) };
}

function judgeMetric(
  metric: string,
  kind: 'rate' | 'mean',
  guardrail: Guardrail | null,
  lookStrata: readonly LookStratum[],
  better: Direction,
  policy: RolloutPolicy,
  enough: boolean,
): MetricVerdict {
  // The strata a metric compares: both arms with at least two units and a denominator.
  const compared = lookStrata.flatMap((s, i) => {
    const b = armSums(s.baseline, metric, i);
    const c = armSums(s.candidate, metric, i);
    return b && c && b.n >= 2 && c.n >= 2 ? [{ s, ...compareArms(b, c, s, policy, kind), weight: b.n + c.n }] : [];
  });
  const role = guardrail ? 'guardrail' : 'primary';
  const nBaseline = compared.reduce((t, x) => t + x.b.n, 0);
  const nCandidate = compared.reduce((t, x) => t + x.c.n, 0);
  const empty = { metric, role, better, kind, nBaseline, nCandidate } as const;
  const none = { difference: null, interval: null, pValue: null, varianceReduction: null, margin: null, verdict: 'too few units' } as const;
  if (compared.length === 0) return { ...empty, ...none, baseline: null, candidate: null, strata: [] };
  const combined = stratifiedDifference(compared.map(({ b, c, weight }) => ({ weight, a: c, b })));
  const strata = compared.map(({ s, b, c, theta }, i) => ({
    release_number: s.releaseNumber,
    has_history: s.hasHistory === true,
    theta,
    weight: combined.strata[i]?.weight ?? 0,
    baseline: b.mean,
    candidate: c.mean,
    difference: c.mean - b.mean,
  }));
  const baselineMean = strata.reduce((t, x) => t + x.weight * x.baseline, 0);
  const base = {
    ...empty,
    baseline: baselineMean,
    candidate: strata.reduce((t, x) => t + x.weight * x.candidate, 0),
    strata,
  };
  if (!enough) return { ...base, ...none };
  const adjusted = compared.some((x) => x.theta !== 0);
  const plainVariance = adjusted
    ? stratifiedDifference(compared.map(({ plain, weight }) => ({ weight, a: plain.c, b: plain.b }))).variance
    : combined.variance;
  const varianceReduction = adjusted && plainVariance > 0 ? 1 - combined.variance / plainVariance : null;
  const options = { alpha: policy.alpha, plannedSampleSize: policy.plannedUnits, bound: kind === 'rate' ? 1 : Number.POSITIVE_INFINITY };
  const cs = estimateConfidenceSequence({ estimate: combined.estimate, variance: combined.variance, n: combined.n, ...options });
  const [lo, hi] = cs.confidenceInterval;
  const found = { difference: cs.estimate, interval: [lo, hi] as const, pValue: cs.pValue, varianceReduction };
  if (guardrail === null) {
    const verdict: MetricVerdictKind =
      lo > 0 ? (better === 'higher' ? 'better' : 'worse') : hi < 0 ? (better === 'higher' ? 'worse' : 'better') : 'no difference yet';
    return { ...base, ...found, margin: null, verdict };
  }
  // Worsening is an increase for lower-is-better metrics, a decrease for higher-is-better ones.
  const sign = better === 'lower' ? 1 : -1;
  const absolute = guardrail.relative ? guardrail.margin * Math.abs(baselineMean) : guardrail.margin;
  let excess: readonly [number, number];
  if (guardrail.relative) {
    // candidate − (1 + sign·m)·baseline within each stratum: its interval counts the baseline's noise too.
    const k = 1 + sign * guardrail.margin;
    const scaled = stratifiedDifference(
      compared.map(({ b, c, weight }) => ({ weight, a: c, b: { n: b.n, mean: k * b.mean, variance: k * k * b.variance } })),
    );
    excess = estimateConfidenceSequence({
      estimate: scaled.estimate,
      variance: scaled.variance,
      n: scaled.n,
      ...options,
    }).confidenceInterval;
  } else {
    excess = [lo - sign * absolute, hi - sign * absolute];
  }
  // In the worse direction: excess·sign > 0 means worse than the margin.
  const [elo, ehi] = sign === 1 ? excess : [-excess[1], -excess[0]];
  const verdict: MetricVerdictKind = elo > 0 ? 'beyond margin' : ehi < 0 ? 'within margin' : 'unclear';
  return { ...base, ...found, margin: { value: guardrail.margin, relative: guardrail.relative, absolute }, verdict };
}

function fmt(x: number): string {
  return Number(x.toPrecision(3)).toString();
}

function fmtP(p: number): string {
  return p < 1e-4 ? p.toExponential(1) : fmt(p);
}

function describe(m: MetricVerdict): string {
  if (m.difference === null || m.interval === null) return 'too few units';
  return `${fmt(m.candidate ?? Number.NaN)} vs ${fmt(m.baseline ?? Number.NaN)}, difference ${fmt(m.difference)}, always-valid interval [${fmt(m.interval[0])}, ${fmt(m.interval[1])}]`;
}

function marginText(m: MetricVerdict): string {
  if (m.margin === null) return '';
  const sign = m.better === 'lower' ? '+' : '-';
  return m.margin.relative ? `${sign}${fmt(m.margin.value * 100)}%` : `${sign}${fmt(m.margin.value)}`;
}
