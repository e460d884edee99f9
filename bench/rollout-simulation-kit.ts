/**
 * Seeded simulation of guarded canaries on agent-shaped data, shared by the fast checks in
 * test/stats/rollout-validity.test.ts and the full runs in bench/rollout-simulation.ts.
 *
 * One stream is one canary watched once a day: every run is assigned to the candidate with
 * probability `servedShare` (the configured share, or a buggy one), and carries correlated
 * outcomes drawn from one latent difficulty z ~ N(0, 1) of the ticket:
 *   resolved  iff 0.6z + 0.8e₁ < Φ⁻¹(resolution rate)   (hard tickets are resolved less often)
 *   error     iff 0.6z + 0.8e₂ > Φ⁻¹(0.95)               (5% errors, more on hard tickets)
 *   cost_usd   = 0.02 · exp(1.5 · (0.5z + 0.866e₃))       (lognormal σ = 1.5, mean ≈ 0.062)
 *   latency_ms = 800 · exp(1.5 · (0.5z + 0.866e₄))        (lognormal σ = 1.5)
 * Each look computes the cumulative per-arm statistics since the start, caps cost and latency at
 * the pooled percentile (`winsorizedSums`, as the mart does in SQL), and calls `decideRollout`.
 * A stream stops at its first promote, rollback or srm.
 */

import { mulberry32, normalGenerator } from '../src/demo/seeded-random.js';
import { decideRollout, parseRolloutPolicy, type RolloutDecisionKind, type RolloutPolicyInput } from '../src/rollout/index.js';
import { normalQuantile } from '../src/stats/normal-quantile.js';
import { sequentialTest } from '../src/stats/sequential-test.js';
import { srmTest } from '../src/stats/srm-test.js';
import type { SequentialTestResult, SumSummary } from '../src/stats/types.js';
import { winsorizedSums } from '../src/stats/winsorized-sums.js';

export interface CanaryScenario {
  readonly seed: number;
  readonly streams: number;
  readonly days: number;
  readonly runsPerDay: number;
  /** Configured candidate share, percent. */
  readonly candidatePercent: number;
  /** Share the assignment actually serves, percent (a bug when it differs). Default: configured. */
  readonly servedPercent?: number;
  readonly baselineResolution: number;
  readonly candidateResolution: number;
  /** Pooled percentile at which cost and latency are capped; 1 = no capping. */
  readonly capPercentile: number;
  readonly policy?: RolloutPolicyInput;
}

export interface CanaryOutcome {
  /** Streams whose first terminal decision was each kind (continue/inconclusive: never stopped). */
  readonly counts: Record<RolloutDecisionKind, number>;
  /** Day (1-based) of the first terminal decision, per stream that had one. */
  readonly stopDays: Record<'promote' | 'rollback' | 'srm', number[]>;
}

export function simulateCanaries(s: CanaryScenario): CanaryOutcome {
  const uniform = mulberry32(s.seed);
  const normal = normalGenerator(uniform);
  const policy = parseRolloutPolicy(
    s.policy ?? {
      guardrails: [
        { metric: 'error_rate', margin: 0.02, relative: false },
        { metric: 'cost_usd', margin: 0.1, relative: true },
        { metric: 'latency_ms', margin: 0.1, relative: true },
      ],
      maxDays: s.days,
    },
  );
  const served = (s.servedPercent ?? s.candidatePercent) / 100;
  const qResolved = [normalQuantile(s.baselineResolution), normalQuantile(s.candidateResolution)];
  const qError = normalQuantile(0.95);
  const counts: Record<RolloutDecisionKind, number> = { promote: 0, rollback: 0, continue: 0, inconclusive: 0, srm: 0 };
  const stopDays: CanaryOutcome['stopDays'] = { promote: [], rollback: [], srm: [] };
  for (let stream = 0; stream < s.streams; stream++) {
    const runs = [0, 0];
    const resolved = [0, 0];
    const errors = [0, 0];
    const cost: number[][] = [[], []];
    const latency: number[][] = [[], []];
    let last: RolloutDecisionKind = 'continue';
    for (let day = 1; day <= s.days; day++) {
      for (let i = 0; i < s.runsPerDay; i++) {
        const arm = uniform() < served ? 1 : 0;
        const z = normal();
        runs[arm] = (runs[arm] as number) + 1;
        if (0.6 * z + 0.8 * normal() < (qResolved[arm] as number)) resolved[arm] = (resolved[arm] as number) + 1;
        if (0.6 * z + 0.8 * normal() > qError) errors[arm] = (errors[arm] as number) + 1;
        (cost[arm] as number[]).push(0.02 * Math.exp(1.5 * (0.5 * z + 0.866 * normal())));
        (latency[arm] as number[]).push(800 * Math.exp(1.5 * (0.5 * z + 0.866 * normal())));
      }
      const capped = (values: number[][]): SumSummary[] => winsorizedSums(values, s.capPercentile).arms;
      const [costB, costC] = capped(cost) as [SumSummary, SumSummary];
      const [latB, latC] = capped(latency) as [SumSummary, SumSummary];
      const [nB, nC] = runs as [number, number];
      const decision = decideRollout({
        policy,
        daysSinceStart: day,
        candidatePercent: s.candidatePercent,
        runs: { baseline: nB, candidate: nC },
        metrics: {
          resolution_rate: {
            baseline: { successes: resolved[0] as number, trials: nB },
            candidate: { successes: resolved[1] as number, trials: nC },
          },
          error_rate: {
            baseline: { successes: errors[0] as number, trials: nB },
            candidate: { successes: errors[1] as number, trials: nC },
          },
          cost_usd: { baseline: costB, candidate: costC },
          latency_ms: { baseline: latB, candidate: latC },
        },
      }).decision;
      last = decision;
      if (decision === 'promote' || decision === 'rollback' || decision === 'srm') {
        stopDays[decision].push(day);
        break;
      }
    }
    counts[last]++;
  }
  return { counts, stopDays };
}

/** Quantile of a list of days (nearest rank), or null when empty. */
export function dayQuantile(days: readonly number[], q: number): number | null {
  if (days.length === 0) return null;
  const sorted = [...days].sort((x, y) => x - y);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] as number;
}

/**
 * SRM alone: `streams` canaries of `runsPerDay` runs a day for `days` days, each run sent to the
 * candidate with probability servedPercent/100; returns the day each stream was first flagged
 * (srmTest p ≤ alpha against candidatePercent), or null if never.
 */
export function simulateSrm(s: {
  seed: number;
  streams: number;
  days: number;
  runsPerDay: number;
  candidatePercent: number;
  servedPercent: number;
  alpha: number;
  /** srmTest's concentration; default its own (10000). */
  concentration?: number;
}): (number | null)[] {
  const uniform = mulberry32(s.seed);
  const served = s.servedPercent / 100;
  const flagged: (number | null)[] = [];
  for (let stream = 0; stream < s.streams; stream++) {
    let candidate = 0;
    let total = 0;
    let day: number | null = null;
    for (let d = 1; d <= s.days && day === null; d++) {
      for (let i = 0; i < s.runsPerDay; i++) if (uniform() < served) candidate++;
      total += s.runsPerDay;
      if (
        srmTest([total - candidate, candidate], [100 - s.candidatePercent, s.candidatePercent], {
          alpha: s.alpha,
          ...(s.concentration ? { concentration: s.concentration } : {}),
        }).reject
      )
        day = d;
    }
    flagged.push(day);
  }
  return flagged;
}

/**
 * `sequentialTest` (mSPRT, default τ) on the audit's case: lognormal σ = 1.5 latency, arms of
 * `perDay` = [a, b] runs a day, `looks` daily looks, A/A; optionally capped at the pooled
 * percentile. Returns the share of streams that ever rejected, and the share that rejected with
 * arm b lower.
 */
export function simulateSequentialLognormal(s: {
  seed: number;
  streams: number;
  looks: number;
  perDay: readonly [number, number];
  capPercentile: number;
}): { rejected: number; rejectedBLower: number } {
  const uniform = mulberry32(s.seed);
  const normal = normalGenerator(uniform);
  let rejected = 0;
  let rejectedBLower = 0;
  for (let stream = 0; stream < s.streams; stream++) {
    const values: number[][] = [[], []];
    let previous: SequentialTestResult | undefined;
    for (let look = 0; look < s.looks; look++) {
      for (let arm = 0; arm < 2; arm++) {
        for (let i = 0; i < (s.perDay[arm] as number); i++) (values[arm] as number[]).push(Math.exp(1.5 * normal()));
      }
      const [a, b] = winsorizedSums(values, s.capPercentile).arms as [SumSummary, SumSummary];
      previous = sequentialTest({ a, b, ...(previous ? { previous } : {}) });
      if (previous.reject) {
        rejected++;
        if (previous.estimate > 0) rejectedBLower++;
        break;
      }
    }
  }
  return { rejected: rejected / s.streams, rejectedBLower: rejectedBLower / s.streams };
}
