import { estimateConfidenceSequence } from '../stats/estimate-confidence-sequence.js';
import { ratioMoments } from '../stats/ratio-moments.js';
import { stratifiedDifference } from '../stats/stratified-difference.js';
import { stratifiedSrmTest } from '../stats/stratified-srm-test.js';
import type { MeanVarianceSummary } from '../stats/types.js';
import { type Direction, metricDirection } from './metric-direction.js';
import type { Guardrail, RolloutPolicy } from './rollout-policy.js';

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
  /** One per state in which units were first exposed (any order). */
  readonly strata: readonly LookStratum[];
}

export type RolloutDecisionKind = 'promote' | 'rollback' | 'continue' | 'inconclusive' | 'srm' | 'misassigned';

/** primary: better | worse | no difference yet; guardrail: within margin | beyond margin | unclear. */
export type MetricVerdictKind = 'better' | 'worse' | 'no difference yet' | 'within margin' | 'beyond margin' | 'unclear' | 'too few units';

/** One stratum's part in a metric's combined estimate. */
export interface StratumDifference {
  readonly release_number: number;
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
  /** The methods, for the audit row. */
  readonly method: string;
}

function method(policy: RolloutPolicy): string {
  return (
    `unit-level delta method (Deng, Knoblich & Lu 2018) within strata by entry state, combined with the strata's unit shares as weights; ` +
    `SRM on units: Dirichlet-multinomial sequential test (Lindon & Malek 2022), product over entry states, concentration ${policy.srmConcentration}, alpha ${policy.srmAlpha}; ` +
    `assignment check: at most ${fmt(100 * policy.maxMisassignedShare)}% of units misassigned; ` +
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
}

/**
 * Decides a guarded rollout at one look, from each entry state's per-arm unit-level sums
 * (cumulative since the canary began). The unit (what the resolver hashed: a ticket, a user) is
 * the analysis unit: its runs are correlated, so counting runs as independent would understate
 * every variance, and assignment is by unit, so the sample ratio counts units.
 * 1. SRM: an always-valid test of the units per arm against each entry state's configured share,
 *    all states at once (`stratifiedSrmTest`); p ≤ policy.srmAlpha → `srm`, no verdict.
 * 2. Assignment check: more than policy.maxMisassignedShare of units misassigned (seen in both
 *    arms where no ramp explains it, or served a version their arm does not serve) →
 *    `misassigned`, no verdict.
 * 3. Each metric: within each entry state, each arm's per-run value Σx/Σy and its delta-method
 *    variance by unit (`ratioMoments`); the states combined with weights proportional to their
 *    units (both arms: fixed at entry, so a candidate cannot move them, and with one state it is
 *    the plain comparison) into one estimate and variance (`stratifiedDifference`), and its
 *    always-valid interval (`estimateConfidenceSequence`, level policy.alpha, tuned for
 *    policy.plannedUnits units). A ramp thus cannot tilt it: both arms of a state share its days.
 *    Primary: `better` or `worse` when the interval excludes 0. Guardrail with margin m (in units,
 *    or m × the baseline when relative, tested as candidate − (1 ± m)·baseline so the baseline's
 *    noise is counted): `beyond margin`, `within margin`, else `unclear`.
 * 4. `rollback` when the primary is worse or a guardrail is beyond its margin; `promote` when the
 *    primary is better and every guardrail is within its margin; `inconclusive` at or after
 *    policy.maxDays; otherwise `continue`. No verdict before policy.minUnitsPerArm units per arm.
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
  const counted = look.strata.filter((s) => s.baseline.units + s.candidate.units > 0);
  const srm =
    counted.length > 0
      ? stratifiedSrmTest(
          counted.map((s) => ({ counts: [s.baseline.units, s.candidate.units], shares: [100 - s.candidatePercent, s.candidatePercent] })),
          { alpha: policy.srmAlpha, concentration: policy.srmConcentration },
        )
      : null;
  const strata: StratumEvidence[] = look.strata.map((s) => ({
    release_number: s.releaseNumber,
    candidate_percent: s.candidatePercent,
    units: { baseline: s.baseline.units, candidate: s.candidate.units },
    runs: { baseline: s.baseline.runs, candidate: s.candidate.runs },
    misassigned_units: s.baseline.misassignedUnits + s.candidate.misassignedUnits,
    srm_p_value: srm?.strata[counted.indexOf(s)]?.pValue ?? 1,
  }));
  const enough = units.baseline >= policy.minUnitsPerArm && units.candidate >= policy.minUnitsPerArm;
  const evaluate = (metric: string, guardrail: Guardrail | null): MetricVerdict => {
    const kind = look.metrics[metric];
    if (kind === undefined) throw new RangeError(`decideRollout requires statistics for metric "${metric}"`);
    return judgeMetric(metric, kind, guardrail, look.strata, metricDirection(metric, policy.directions), policy, enough);
  };
  const primary = evaluate(policy.primary, null);
  const guardrails = policy.guardrails.map((g) => evaluate(g.metric, g));
  const metrics = [primary, ...guardrails];
  const srmPValue = srm?.pValue ?? 1;
  const result = (decision: RolloutDecisionKind, reason: string): RolloutDecision => ({
    decision,
    reason,
    srmPValue,
    units,
    runs,
    misassignedUnits,
    strata,
    metrics,
    method: method(policy),
  });
  const totalUnits = units.baseline + units.candidate;
  if (srm?.reject) {
    // The states that disagree with their share; all of them when none does on its own.
    const counted = strata.filter((s) => s.units.baseline + s.units.candidate > 0);
    const off = counted.filter((s) => s.srm_p_value < 0.5);
    const states = (off.length > 0 ? off : counted).map(
      (s) =>
        `${fmt((100 * s.units.candidate) / (s.units.baseline + s.units.candidate))}% of ${s.units.baseline + s.units.candidate} units against ${s.candidate_percent}% (entered at release ${s.release_number})`,
    );
    return result(
      'srm',
      `Sample ratio mismatch: the candidate got ${states.join('; ')} (SRM p = ${fmtP(srmPValue)}), so the split is broken and no verdict is given.`,
    );
  }
  if (totalUnits > 0 && misassignedUnits > policy.maxMisassignedShare * totalUnits) {
    return result(
      'misassigned',
      `Assignment broken: ${misassignedUnits} of ${totalUnits} units (${fmt((100 * misassignedUnits) / totalUnits)}%; at most ${Math.floor(policy.maxMisassignedShare * totalUnits)}, ${fmt(100 * policy.maxMisassignedShare)}%, are tolerated) were seen in both arms where no ramp explains it or served a version their arm does not serve, so no verdict is given.`,
    );
  }
  const atHorizon = look.daysSinceStart >= policy.maxDays;
  if (!enough) {
    const why = `fewer than ${policy.minUnitsPerArm} units in an arm (baseline ${units.baseline}, candidate ${units.candidate})`;
    return atHorizon
      ? result('inconclusive', `Inconclusive after ${fmt(look.daysSinceStart)} days: ${why}.`)
      : result('continue', `Continue: ${why}.`);
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
  if (primary.verdict === 'better' && notWithin.length === 0) {
    const guards = guardrails.length > 0 ? `, and ${guardrails.map((g) => g.metric).join(', ')} within their margins` : '';
    return result('promote', `Promote: ${primary.metric} is better in the candidate (${describe(primary)})${guards}.`);
  }
  const pending =
    primary.verdict === 'better'
      ? `${primary.metric} is better but ${notWithin.map((g) => g.metric).join(', ')} not yet shown within margin`
      : `no difference in ${primary.metric} yet (${describe(primary)})`;
  return atHorizon
    ? result('inconclusive', `Inconclusive after ${fmt(look.daysSinceStart)} days (max ${policy.maxDays}): ${pending}.`)
    : result('continue', `Continue: ${pending}.`);
}

/** A stratum's arm as a unit's n, per-run value and delta-method variance; null without a denominator. */
function armMoments(arm: StratumArm, metric: string, stratum: number): MeanVarianceSummary | null {
  const sums = arm.metrics[metric];
  if (sums === undefined) throw new RangeError(`decideRollout requires strata[${stratum}] to carry metric "${metric}" in both arms`);
  if (arm.units < 1 || !(sums.den > 0)) return null;
  return ratioMoments({
    n: arm.units,
    sumNum: sums.num,
    sumDen: sums.den,
    sumNumSquares: sums.numSquares,
    sumDenSquares: sums.denSquares,
    sumNumDen: sums.numDen,
  });
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
    const b = armMoments(s.baseline, metric, i);
    const c = armMoments(s.candidate, metric, i);
    return b && c && b.n >= 2 && c.n >= 2 ? [{ s, b, c, weight: b.n + c.n }] : [];
  });
  const role = guardrail ? 'guardrail' : 'primary';
  const nBaseline = compared.reduce((t, x) => t + x.b.n, 0);
  const nCandidate = compared.reduce((t, x) => t + x.c.n, 0);
  const empty = { metric, role, better, kind, nBaseline, nCandidate } as const;
  if (compared.length === 0) {
    return {
      ...empty,
      baseline: null,
      candidate: null,
      difference: null,
      interval: null,
      pValue: null,
      margin: null,
      verdict: 'too few units',
      strata: [],
    };
  }
  const combined = stratifiedDifference(compared.map(({ b, c, weight }) => ({ weight, a: c, b })));
  const strata = compared.map(({ s, b, c }, i) => ({
    release_number: s.releaseNumber,
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
  if (!enough) {
    return { ...base, difference: null, interval: null, pValue: null, margin: null, verdict: 'too few units' };
  }
  const options = { alpha: policy.alpha, plannedSampleSize: policy.plannedUnits, bound: kind === 'rate' ? 1 : Number.POSITIVE_INFINITY };
  const cs = estimateConfidenceSequence({ estimate: combined.estimate, variance: combined.variance, n: combined.n, ...options });
  const [lo, hi] = cs.confidenceInterval;
  if (guardrail === null) {
    const verdict: MetricVerdictKind =
      lo > 0 ? (better === 'higher' ? 'better' : 'worse') : hi < 0 ? (better === 'higher' ? 'worse' : 'better') : 'no difference yet';
    return { ...base, difference: cs.estimate, interval: [lo, hi], pValue: cs.pValue, margin: null, verdict };
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
  return {
    ...base,
    difference: cs.estimate,
    interval: [lo, hi],
    pValue: cs.pValue,
    margin: { value: guardrail.margin, relative: guardrail.relative, absolute },
    verdict,
  };
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
