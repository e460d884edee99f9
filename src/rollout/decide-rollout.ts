import { confidenceSequence } from '../stats/confidence-sequence.js';
import { srmTest } from '../stats/srm-test.js';
import type { MeanVarianceSummary, ProportionSummary } from '../stats/types.js';
import { varianceFromSums } from '../stats/variance-from-sums.js';
import { type Direction, metricDirection } from './metric-direction.js';
import type { Guardrail, RolloutPolicy } from './rollout-policy.js';

/** Sufficient statistics of one metric in one arm: a rate, or a (capped) mean from SQL sums. */
export type ArmStatistics =
  | { readonly successes: number; readonly trials: number }
  | { readonly n: number; readonly sum: number; readonly sumSquares: number };

/** What `decideRollout` needs at one look at a canary: cumulative since the canary began. */
export interface RolloutLook {
  readonly policy: RolloutPolicy;
  /** Whole or fractional days since the canary began. */
  readonly daysSinceStart: number;
  /** The configured candidate share in percent (0 < p < 100). */
  readonly candidatePercent: number;
  /** Runs assigned to each arm (every run, graded or not). */
  readonly runs: { readonly baseline: number; readonly candidate: number };
  /** Per metric key, the statistics of each arm. Must include the primary and every guardrail. */
  readonly metrics: Readonly<Record<string, { readonly baseline: ArmStatistics; readonly candidate: ArmStatistics }>>;
}

export type RolloutDecisionKind = 'promote' | 'rollback' | 'continue' | 'inconclusive' | 'srm';

/** primary: better | worse | no difference yet; guardrail: within margin | beyond margin | unclear. */
export type MetricVerdictKind = 'better' | 'worse' | 'no difference yet' | 'within margin' | 'beyond margin' | 'unclear' | 'too few runs';

/** The evidence on one metric at one look. */
export interface MetricVerdict {
  readonly metric: string;
  readonly role: 'primary' | 'guardrail';
  readonly better: Direction;
  readonly kind: 'rate' | 'mean';
  /** Rate or mean per arm (null without data). */
  readonly baseline: number | null;
  readonly candidate: number | null;
  /** Observations per arm (trials, or n of the mean). */
  readonly nBaseline: number;
  readonly nCandidate: number;
  /** candidate − baseline and its always-valid interval (null when an arm has no data). */
  readonly difference: number | null;
  readonly interval: readonly [number, number] | null;
  /** Always-valid p-value of "no difference". */
  readonly pValue: number | null;
  /** Guardrails: the tolerated worsening at this look, in the metric's units (margin × baseline when relative). */
  readonly margin: { readonly value: number; readonly relative: boolean; readonly absolute: number } | null;
  readonly verdict: MetricVerdictKind;
}

/** The decision at one look, with its evidence (what `watch` prints and writes to release_decisions). */
export interface RolloutDecision {
  readonly decision: RolloutDecisionKind;
  /** One sentence. */
  readonly reason: string;
  readonly srmPValue: number;
  readonly runs: { readonly baseline: number; readonly candidate: number };
  readonly metrics: readonly MetricVerdict[];
  /** The methods, for the audit row. */
  readonly method: string;
}

function method(policy: RolloutPolicy): string {
  return (
    `SRM: Dirichlet-multinomial sequential test (Lindon & Malek 2022), concentration ${policy.srmConcentration}, alpha ${policy.srmAlpha}; ` +
    `metrics: asymptotic confidence sequences (Howard et al. 2021; Waudby-Smith et al. 2021) on candidate - baseline, ` +
    `alpha ${policy.alpha}, tuned for ${policy.plannedRuns} runs, variance max(Welch, pooled)`
  );
}

/**
 * Decides a guarded rollout at one look, from cumulative per-arm sufficient statistics:
 * 1. SRM first: an always-valid test (`srmTest`) of the runs per arm against the configured
 *    share; p ≤ policy.srmAlpha → `srm`, no verdict (the split is broken).
 * 2. Each metric gets an always-valid interval (`confidenceSequence`, level policy.alpha, tuned
 *    for policy.plannedRuns) for candidate − baseline. Primary: `better` or `worse` when the
 *    interval excludes 0. Guardrail with margin m (in units, or m × the baseline mean when
 *    relative, tested as candidate − (1 ± m)·baseline so the baseline's noise is counted):
 *    `beyond margin` when the interval shows it worse by more than m, `within margin` when it
 *    shows it worse by less than m, else `unclear`.
 * 3. `rollback` when the primary is worse or a guardrail is beyond its margin; `promote` when the
 *    primary is better and every guardrail is within its margin; `inconclusive` at or after
 *    policy.maxDays; otherwise `continue`. No verdict before policy.minRunsPerArm runs per arm.
 * Every piece is valid however often it is looked at, so a daily `watch` keeps false rollbacks and
 * false promotions at about alpha/2 each (bench/rollout-simulation.ts measures them).
 * Heavy-tailed means must come capped from SQL (see `winsorizedSums`).
 *
 * Cost: O(metrics).
 *
 * @example
 * decideRollout({ policy: parseRolloutPolicy({ guardrails: [] }), daysSinceStart: 5, candidatePercent: 10,
 *   runs: { baseline: 9000, candidate: 1000 },
 *   metrics: { resolution_rate: { baseline: { successes: 6300, trials: 9000 }, candidate: { successes: 610, trials: 1000 } } } });
 * // { decision: 'rollback', reason: 'Roll back: resolution_rate is worse in the candidate (0.61 vs 0.7,
 * //   difference -0.09, always-valid interval [-0.139, -0.0409]).', srmPValue: 1, … }
 */
export function decideRollout(look: RolloutLook): RolloutDecision {
  const { policy } = look;
  const p = look.candidatePercent;
  if (typeof p !== 'number' || !(p > 0 && p < 100))
    throw new RangeError('decideRollout requires candidatePercent strictly between 0 and 100');
  const { baseline, candidate } = look.runs;
  for (const [arm, n] of [
    ['baseline', baseline],
    ['candidate', candidate],
  ] as const) {
    if (typeof n !== 'number' || !Number.isInteger(n) || n < 0)
      throw new RangeError(`decideRollout requires runs.${arm} to be a non-negative integer`);
  }
  if (typeof look.daysSinceStart !== 'number' || !(look.daysSinceStart >= 0)) {
    throw new RangeError('decideRollout requires daysSinceStart to be a non-negative number');
  }
  const srm = srmTest([baseline, candidate], [100 - p, p], { alpha: policy.srmAlpha, concentration: policy.srmConcentration });
  const runs = { baseline, candidate };
  const enough = baseline >= policy.minRunsPerArm && candidate >= policy.minRunsPerArm;
  const evaluate = (metric: string, guardrail: Guardrail | null): MetricVerdict => {
    const stats = look.metrics[metric];
    if (stats === undefined) throw new RangeError(`decideRollout requires statistics for metric "${metric}"`);
    return judgeMetric(metric, guardrail, stats.baseline, stats.candidate, metricDirection(metric, policy.directions), policy, enough);
  };
  const primary = evaluate(policy.primary, null);
  const guardrails = policy.guardrails.map((g) => evaluate(g.metric, g));
  const metrics = [primary, ...guardrails];
  const result = (decision: RolloutDecisionKind, reason: string): RolloutDecision => ({
    decision,
    reason,
    srmPValue: srm.pValue,
    runs,
    metrics,
    method: method(policy),
  });
  if (srm.reject) {
    const observed = (100 * candidate) / (baseline + candidate);
    return result(
      'srm',
      `Sample ratio mismatch: the candidate got ${fmt(observed)}% of ${baseline + candidate} runs against the configured ${p}% (SRM p = ${fmtP(srm.pValue)}), so the split is broken and no verdict is given.`,
    );
  }
  const atHorizon = look.daysSinceStart >= policy.maxDays;
  if (!enough) {
    const why = `fewer than ${policy.minRunsPerArm} runs in an arm (baseline ${baseline}, candidate ${candidate})`;
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

function moments(stats: ArmStatistics): (ProportionSummary | MeanVarianceSummary) & { kind: 'rate' | 'mean' } {
  if ('successes' in stats) {
    const { successes, trials } = stats;
    if (!Number.isInteger(trials) || trials < 0 || !(successes >= 0 && successes <= trials)) {
      throw new RangeError('decideRollout requires 0 ≤ successes ≤ trials, whole numbers');
    }
    return { kind: 'rate', n: trials, successes };
  }
  const { n, sum, sumSquares } = stats;
  if (!Number.isInteger(n) || n < 0) throw new RangeError('decideRollout requires n of a mean to be a non-negative integer');
  return { kind: 'mean', n, mean: n > 0 ? sum / n : 0, variance: n > 1 ? varianceFromSums({ n, sum, sumSquares }) : 0 };
}

function mean(m: ReturnType<typeof moments>): number {
  return 'successes' in m ? m.successes / m.n : m.mean;
}

function judgeMetric(
  metric: string,
  guardrail: Guardrail | null,
  baselineStats: ArmStatistics,
  candidateStats: ArmStatistics,
  better: Direction,
  policy: RolloutPolicy,
  enough: boolean,
): MetricVerdict {
  const b = moments(baselineStats);
  const c = moments(candidateStats);
  const role = guardrail ? 'guardrail' : 'primary';
  const base = {
    metric,
    role,
    better,
    kind: c.kind,
    nBaseline: b.n,
    nCandidate: c.n,
    baseline: b.n > 0 ? mean(b) : null,
    candidate: c.n > 0 ? mean(c) : null,
  } as const;
  if (b.n < 2 || c.n < 2 || !enough) {
    return { ...base, difference: null, interval: null, pValue: null, margin: null, verdict: 'too few runs' };
  }
  const options = { alpha: policy.alpha, plannedSampleSize: policy.plannedRuns };
  const cs = confidenceSequence({ a: c, b, ...options });
  const [lo, hi] = cs.confidenceInterval;
  if (guardrail === null) {
    const verdict: MetricVerdictKind =
      lo > 0 ? (better === 'higher' ? 'better' : 'worse') : hi < 0 ? (better === 'higher' ? 'worse' : 'better') : 'no difference yet';
    return { ...base, difference: cs.estimate, interval: [lo, hi], pValue: cs.pValue, margin: null, verdict };
  }
  // Worsening is an increase for lower-is-better metrics, a decrease for higher-is-better ones.
  const sign = better === 'lower' ? 1 : -1;
  const baselineMean = mean(b);
  const absolute = guardrail.relative ? guardrail.margin * Math.abs(baselineMean) : guardrail.margin;
  let excess: readonly [number, number];
  if (guardrail.relative) {
    // candidate − (1 + sign·m)·baseline: its interval counts the noise of the baseline's mean too.
    const k = 1 + sign * guardrail.margin;
    const bVariance = 'successes' in b ? baselineMean * (1 - baselineMean) : b.variance;
    const scaled = { n: b.n, mean: k * baselineMean, variance: k * k * bVariance };
    excess = confidenceSequence({ a: { n: c.n, mean: mean(c), variance: varianceOf(c) }, b: scaled, ...options }).confidenceInterval;
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

function varianceOf(m: ReturnType<typeof moments>): number {
  if ('successes' in m) {
    const r = m.successes / m.n;
    return r * (1 - r);
  }
  return m.variance;
}

function fmt(x: number): string {
  return Number(x.toPrecision(3)).toString();
}

function fmtP(p: number): string {
  return p < 1e-4 ? p.toExponential(1) : fmt(p);
}

function describe(m: MetricVerdict): string {
  if (m.difference === null || m.interval === null) return 'too few runs';
  return `${fmt(m.candidate ?? Number.NaN)} vs ${fmt(m.baseline ?? Number.NaN)}, difference ${fmt(m.difference)}, always-valid interval [${fmt(m.interval[0])}, ${fmt(m.interval[1])}]`;
}

function marginText(m: MetricVerdict): string {
  if (m.margin === null) return '';
  const sign = m.better === 'lower' ? '+' : '-';
  return m.margin.relative ? `${sign}${fmt(m.margin.value * 100)}%` : `${sign}${fmt(m.margin.value)}`;
}
