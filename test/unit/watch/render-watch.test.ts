// The watch's pure parts: the look built from the mart's rows (ramp-weighted SRM share), the text
// printer, and the exit code a scheduler reads. Decisions come from decideRollout on real sums.
import { describe, expect, it } from 'vitest';
import { decideRollout } from '../../../src/rollout/decide-rollout.js';
import { canaryLook } from '../../../src/watch/canary-look.js';
import { SUMMED_COLUMNS } from '../../../src/watch/canary-metrics.js';
import type { StateArmStatistics } from '../../../src/watch/load-canary-statistics.js';
import { renderWatch } from '../../../src/watch/render-watch.js';
import type { RunningCanary } from '../../../src/watch/running-canaries.js';
import type { CanaryDecision } from '../../../src/watch/watch-canaries.js';
import { WATCH_EXIT_CODES, watchExitCode } from '../../../src/watch/watch-exit-code.js';

const canary: RunningCanary = {
  release: {
    agentId: 'support_triage',
    label: 'production',
    releaseNumber: 5,
    isCurrent: true,
    previousReleaseNumber: 4,
    kind: 'canary',
    version: 3,
    candidateVersion: 4,
    candidatePercent: 20,
    assignmentSalt: 'salt',
    rolloutPolicy: { guardrails: [{ metric: 'cost_usd', margin: 0.1, relative: true }] },
    routes: [
      { version: 3, arm: 'baseline', percent: 80 },
      { version: 4, arm: 'candidate', percent: 20 },
    ],
    contentHash: 'h',
    author: 'ann',
    sessionUser: null,
    changeMessage: 'ramp',
    requestId: 'r',
    createdAt: '2026-12-02T00:00:00.000000Z',
  },
  canaryReleaseNumber: 4,
  startedAt: '2026-12-01T00:00:00.000000Z',
};

/** One state's arm: n runs resolved at `rate`, cost with mean 0.01 and standard deviation about 0.003. */
function arm(releaseNumber: number, candidatePercent: number, which: 'baseline' | 'candidate', n: number, rate: number) {
  const sums = Object.fromEntries(SUMMED_COLUMNS.map((column) => [column, 0])) as Record<(typeof SUMMED_COLUMNS)[number], number>;
  Object.assign(sums, { n_runs: n, n_resolved: Math.round(n * rate), n_cost_usd: n, sum_cost_usd: 0.01 * n, sum_sq_cost_usd: 0.00011 * n });
  const row: StateArmStatistics = {
    agentId: 'support_triage',
    label: 'production',
    canaryReleaseNumber: 4,
    releaseNumber,
    candidatePercent,
    arm: which,
    sums,
    caps: { cost_usd: 0.05, latency_ms: null, total_tokens: null },
  };
  return row;
}

describe('canaryLook', () => {
  it('sums the arms over the ramp, weights the expected share by each state’s runs, and counts days from the canary’s start', () => {
    const stats = [
      arm(4, 10, 'baseline', 900, 0.7),
      arm(4, 10, 'candidate', 100, 0.7),
      arm(5, 20, 'baseline', 2400, 0.7),
      arm(5, 20, 'candidate', 600, 0.7),
    ];
    const look = canaryLook(canary, stats, new Date('2026-12-03T12:00:00Z'));
    expect(look.runs).toEqual({ baseline: 3300, candidate: 700 });
    expect(look.candidatePercent).toBeCloseTo((1000 * 10 + 3000 * 20) / 4000, 12);
    expect(look.daysSinceStart).toBeCloseTo(2.5, 12);
    expect(Object.keys(look.metrics)).toEqual(['resolution_rate', 'cost_usd']);
    expect(look.metrics.resolution_rate).toEqual({
      baseline: { successes: 630 + 1680, trials: 3300 },
      candidate: { successes: 70 + 420, trials: 700 },
    });
    // without runs, the share is the configured one
    expect(canaryLook(canary, [], new Date('2026-12-01T00:00:00Z')).candidatePercent).toBe(20);
  });

  it('names a policy metric the mart does not carry', () => {
    const custom = { ...canary, release: { ...canary.release, rolloutPolicy: { primary: 'csat', directions: { csat: 'higher' } } } };
    expect(() => canaryLook(custom, [], new Date())).toThrow(/rollout_policy\.primary: "csat" is not a metric of canary_arm_metrics/);
  });
});

function decisionFor(candidateRate: number, extra: Partial<CanaryDecision> = {}): CanaryDecision {
  const stats = [arm(5, 20, 'baseline', 8000, 0.72), arm(5, 20, 'candidate', 2000, candidateRate)];
  const look = canaryLook(canary, stats, new Date('2026-12-03T00:00:00Z'));
  const decided = decideRollout(look);
  return {
    agent_id: 'support_triage',
    label: 'production',
    release_number: 5,
    canary_release_number: 4,
    baseline_version: 3,
    candidate_version: 4,
    candidate_percent: 20,
    days_since_start: look.daysSinceStart,
    decision: decided.decision,
    reason: decided.reason,
    srm_p_value: decided.srmPValue,
    expected_candidate_percent: look.candidatePercent,
    runs: decided.runs,
    metrics: decided.metrics,
    caps: stats[0]?.caps ?? null,
    method: decided.method,
    applied: false,
    applied_release_number: null,
    apply_note: 'not applied: run watch --apply, or agentver rollback support_triage --label production --expected-release 5',
    ...extra,
  };
}

describe('renderWatch', () => {
  it('prints the decision, the reason, runs per arm with the SRM p-value, each metric with its interval and verdict, and what was applied', () => {
    const text = renderWatch({ request_id: 'watch-1', decisions: [decisionFor(0.6)] });
    const lines = text.split('\n');
    expect(lines[0]).toBe(
      'production of support_triage, release 5 (canary since release 4, day 2.0): version 3 (baseline) vs version 4 (candidate) at 20%',
    );
    expect(lines[1]).toBe('  decision: rollback');
    expect(lines[2]).toMatch(/^ {2}reason: {3}Roll back: resolution_rate is worse in the candidate \(0\.6 vs 0\.72, difference -0\.12/);
    expect(lines[3]).toMatch(/^ {2}runs: {5}baseline 8000, candidate 2000 \(candidate 20%, expected 20%\); SRM p = 1$/);
    expect(lines[4]).toMatch(/^ {2}metric +role +baseline +candidate +difference +always-valid interval +margin +verdict$/);
    expect(lines[5]).toMatch(/^ {2}resolution_rate +primary +0\.72 +0\.6 +-0\.12 +\[-0\.1\d+, -0\.0\d+\] +worse$/);
    expect(lines[6]).toMatch(/^ {2}cost_usd +guardrail +0\.01 +0\.01 +0 +\[-?[\d.e-]+, [\d.e-]+\] +\+10% \(0\.001\) +within margin$/);
    expect(lines[7]).toBe("  capped:   means winsorized at the canary's pooled p99: cost_usd at 0.05");
    expect(lines[8]).toBe(
      '  applied:  no (not applied: run watch --apply, or agentver rollback support_triage --label production --expected-release 5)',
    );
    expect(lines.at(-1)).toBe('1 canary evaluated; decisions written to release_decisions (request watch-1).');
  });

  it('says when no canary runs', () => {
    expect(renderWatch({ request_id: 'watch-2', decisions: [] })).toBe('No canary is running (watch-2).');
  });
});

describe('watchExitCode', () => {
  it('is 5 on any srm, else 4 while a promote or rollback awaits or a canary is inconclusive, else 0', () => {
    const rollback = decisionFor(0.6);
    const same = decisionFor(0.72);
    expect(same.decision).toBe('continue');
    expect(watchExitCode({ decisions: [] })).toBe(WATCH_EXIT_CODES.ok);
    expect(watchExitCode({ decisions: [same] })).toBe(0);
    expect(watchExitCode({ decisions: [same, rollback] })).toBe(4);
    expect(watchExitCode({ decisions: [{ ...rollback, applied: true, applied_release_number: 6 }] })).toBe(0);
    expect(watchExitCode({ decisions: [{ ...same, decision: 'inconclusive' }] })).toBe(4);
    expect(watchExitCode({ decisions: [rollback, { ...same, decision: 'srm' }] })).toBe(5);
  });
});
