// The watch's pure parts: the look built from the mart's rows (one stratum per entry state), the
// text printer, and the exit code a scheduler reads. Decisions come from decideRollout on real sums.
import { describe, expect, it } from 'vitest';
import { decideRollout } from '../../../src/rollout/decide-rollout.js';
import { canaryLook } from '../../../src/watch/canary-look.js';
import { stratumColumns, stratumSums } from '../../../src/watch/canary-metrics.js';
import type { StratumArmRow } from '../../../src/watch/load-canary-statistics.js';
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

const { sum, sumSquares, crossProduct } = stratumColumns;

/**
 * One canary_stratum_metrics row: `units` units that entered in release `entry` (at `percent`)
 * in one arm, each with `runsPerUnit` runs, all resolved or none (a share `rate` of units
 * resolved), cost 0.01 a run with standard deviation about 0.003, runs independent.
 */
function row(
  entry: number,
  percent: number,
  arm: 'baseline' | 'candidate',
  units: number,
  rate: number,
  { runsPerUnit = 1, misassigned = 0 }: { runsPerUnit?: number; misassigned?: number } = {},
): StratumArmRow {
  const m = runsPerUnit;
  const resolved = Math.round(units * rate);
  const sums: Record<string, number> = Object.fromEntries(stratumSums().map(({ column }) => [column, 0]));
  Object.assign(sums, {
    [sum('n_runs')]: units * m,
    [sumSquares('n_runs')]: units * m * m,
    [sum('n_resolved')]: m * resolved,
    [sumSquares('n_resolved')]: m * m * resolved,
    [crossProduct('n_resolved', 'n_runs')]: m * m * resolved,
    [sum('n_cost_usd')]: units * m,
    [sumSquares('n_cost_usd')]: units * m * m,
    [sum('sum_cost_usd')]: units * m * 0.01,
    [sumSquares('sum_cost_usd')]: units * (m * 0.00001 + m * m * 0.0001),
    [crossProduct('sum_cost_usd', 'n_cost_usd')]: units * m * m * 0.01,
  });
  return {
    agentId: 'support_triage',
    label: 'production',
    canaryReleaseNumber: 4,
    entryReleaseNumber: entry,
    candidatePercent: percent,
    hasHistory: false,
    arm,
    units,
    misassignedUnits: misassigned,
    sums,
  };
}

describe('canaryLook', () => {
  it('makes one stratum per entry state from the mart’s rows, reads each metric’s sums, and counts days from the canary’s start', () => {
    const rows = [
      row(5, 20, 'baseline', 2400, 0.7, { runsPerUnit: 2 }),
      row(5, 20, 'candidate', 600, 0.7, { runsPerUnit: 2, misassigned: 3 }),
      row(4, 10, 'baseline', 900, 0.7),
      row(4, 10, 'candidate', 100, 0.7),
    ];
    const look = canaryLook(canary, rows, new Date('2026-12-03T12:00:00Z'));
    expect(look.daysSinceStart).toBeCloseTo(2.5, 12);
    expect(look.metrics).toEqual({ resolution_rate: 'rate', cost_usd: 'mean' });
    expect(look.policy).toMatchObject({ primary: 'resolution_rate', plannedUnits: 10000, minUnitsPerArm: 100 });
    expect(look.strata.map((s) => [s.releaseNumber, s.candidatePercent])).toEqual([
      [4, 10],
      [5, 20],
    ]);
    const [early, late] = look.strata;
    expect(early?.baseline).toMatchObject({
      units: 900,
      runs: 900,
      misassignedUnits: 0,
      metrics: {
        resolution_rate: { num: 630, den: 900, numSquares: 630, denSquares: 900, numDen: 630 },
        cost_usd: {
          num: expect.closeTo(9, 12),
          den: 900,
          numSquares: expect.closeTo(0.099, 12),
          denSquares: 900,
          numDen: expect.closeTo(9, 12),
        },
      },
    });
    expect(late?.candidate).toMatchObject({ units: 600, runs: 1200, misassignedUnits: 3 });
    expect(late?.candidate.metrics.resolution_rate).toMatchObject({
      num: 840,
      den: 1200,
      numSquares: 1680,
      denSquares: 2400,
      numDen: 1680,
    });
    // before any run: no strata; a state with one arm's row only: the other arm is empty
    expect(canaryLook(canary, [], new Date('2026-12-01T00:00:00Z'))).toMatchObject({ daysSinceStart: 0, strata: [] });
    const [lone] = canaryLook(canary, [row(5, 20, 'candidate', 3, 1)], new Date()).strata;
    expect(lone?.baseline).toEqual({
      units: 0,
      runs: 0,
      misassignedUnits: 0,
      metrics: {
        resolution_rate: { num: 0, den: 0, numSquares: 0, denSquares: 0, numDen: 0 },
        cost_usd: { num: 0, den: 0, numSquares: 0, denSquares: 0, numDen: 0 },
      },
    });
    expect(lone?.candidate.units).toBe(3);
  });

  it('reads the stored policy of a canary started before decisions were by unit', () => {
    const legacy = { ...canary, release: { ...canary.release, rolloutPolicy: { plannedRuns: 10000, minRunsPerArm: 100 } } };
    expect(canaryLook(legacy, [], new Date()).policy).toMatchObject({ plannedUnits: 10000, minUnitsPerArm: 100 });
  });

  it('names a policy metric the mart does not carry', () => {
    const custom = { ...canary, release: { ...canary.release, rolloutPolicy: { primary: 'csat', directions: { csat: 'higher' } } } };
    expect(() => canaryLook(custom, [], new Date())).toThrow(/rollout_policy\.primary: "csat" is not a metric watch can decide on/);
  });
});

/** The CanaryDecision watchCanaries makes of these rows. */
function decisionFor(rows: StratumArmRow[], extra: Partial<CanaryDecision> = {}): CanaryDecision {
  const look = canaryLook(canary, rows, new Date('2026-12-03T00:00:00Z'));
  const decided = decideRollout(look);
  const totalUnits = decided.units.baseline + decided.units.candidate;
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
    expected_candidate_percent:
      decided.strata.reduce((t, s) => t + s.candidate_percent * (s.units.baseline + s.units.candidate), 0) / totalUnits,
    units: decided.units,
    runs: decided.runs,
    misassigned_units: decided.misassignedUnits,
    strata: decided.strata,
    schedule: decided.schedule,
    metrics: decided.metrics,
    caps: { cost_usd: 0.05, latency_ms: null, total_tokens: null },
    method: decided.method,
    applied: false,
    applied_release_number: null,
    apply_note: 'not applied: run watch --apply, or agentver rollback support_triage --label production --expected-release 5',
    ...extra,
  };
}

/** A ramp: 2,000 units entered at 10% (one run each), 10,000 at 20% (two runs each); the baseline resolves 72%. */
function ramp(candidateRate: number, { misassigned = 0, earlyCandidateUnits = 200 } = {}): StratumArmRow[] {
  return [
    row(4, 10, 'baseline', 1800, 0.72),
    row(4, 10, 'candidate', earlyCandidateUnits, candidateRate),
    row(5, 20, 'baseline', 8000, 0.72, { runsPerUnit: 2 }),
    row(5, 20, 'candidate', 2000, candidateRate, { runsPerUnit: 2, misassigned }),
  ];
}

describe('renderWatch', () => {
  it('prints the decision, the reason, units and runs per arm, the strata by entry state, each metric, the method and what was applied', () => {
    const text = renderWatch({ request_id: 'watch-1', decisions: [decisionFor(ramp(0.6))] });
    const lines = text.split('\n');
    expect(lines[0]).toBe(
      'production of support_triage, release 5 (canary since release 4, day 2.0): version 3 (baseline) vs version 4 (candidate) at 20%',
    );
    expect(lines[1]).toBe('  decision: rollback');
    expect(lines[2]).toMatch(/^ {2}reason: {3}Roll back: resolution_rate is worse in the candidate \(0\.6 vs 0\.72, difference -0\.12/);
    expect(lines[3]).toBe('  units:    baseline 9800, candidate 2200 (candidate 18.3%, expected 18.3%); SRM p = 1; misassigned 0');
    expect(lines[4]).toBe('  runs:     baseline 17800, candidate 4200');
    expect(lines[5]).toBe('  strata (units by the state they entered in; compared within each, combined by weight):');
    expect(lines[6]).toMatch(/^ {4}entered in +share +units b \/ c +candidate +runs b \/ c +resolution_rate diff +weight +SRM p$/);
    expect(lines[7]).toMatch(/^ {4}release 4 +10% +1800 \/ 200 +10% +1800 \/ 200 +-0\.12 +16\.7% +1$/);
    expect(lines[8]).toMatch(/^ {4}release 5 +20% +8000 \/ 2000 +20% +16000 \/ 4000 +-0\.12 +83\.3% +1$/);
    expect(lines[9]).toMatch(/^ {2}metric +role +baseline +candidate +difference +always-valid interval +margin +CUPED +verdict$/);
    expect(lines[10]).toMatch(/^ {2}resolution_rate +primary +0\.72 +0\.6 +-0\.12 +\[-0\.1\d+, -0\.0\d+\] +worse$/);
    expect(lines[11]).toMatch(/^ {2}cost_usd +guardrail +0\.01 +0\.01 +0 +\[-?[\d.e-]+, [\d.e-]+\] +\+10% \(0\.001\) +within margin$/);
    expect(lines[12]).toBe("  capped:   means winsorized at the canary's pooled p99: cost_usd at 0.05");
    expect(lines[13]).toMatch(/^ {2}method: {3}unit-level delta method .* within strata by entry state/);
    expect(lines[14]).toBe(
      '  applied:  no (not applied: run watch --apply, or agentver rollback support_triage --label production --expected-release 5)',
    );
    expect(lines.at(-1)).toBe('1 canary evaluated; decisions written to release_decisions (request watch-1).');
  });

  it('prints a misassigned canary with its count, and a state whose split is off with its SRM p-value', () => {
    const misassigned = decisionFor(ramp(0.6, { misassigned: 300 }));
    expect(misassigned.decision).toBe('misassigned');
    const lines = renderWatch({ request_id: 'watch-3', decisions: [misassigned] }).split('\n');
    expect(lines[1]).toBe('  decision: misassigned');
    expect(lines[2]).toMatch(/^ {2}reason: {3}Assignment broken: 300 of 12000 units \(2\.5%; at most 120, 1%, are tolerated\)/);
    expect(lines[3]).toMatch(/; misassigned 300$/);

    // the 10% state served 5% of its units (95 of 1,895)
    const srm = decisionFor(ramp(0.72, { earlyCandidateUnits: 95 }));
    expect(srm.decision).toBe('srm');
    const text = renderWatch({ request_id: 'watch-4', decisions: [srm] });
    expect(text).toMatch(/^ {2}decision: srm$/m);
    expect(text).toMatch(/^ {4}release 4 +10% +1800 \/ 95 +5\.01% +1800 \/ 95 +\S+ +\S+% +[\d.]+e-\d+$/m);
    expect(text).toMatch(/^ {4}release 5 +20% +8000 \/ 2000 +20% +16000 \/ 4000 +0 +\S+% +1$/m);
  });

  it('says when no canary runs', () => {
    expect(renderWatch({ request_id: 'watch-2', decisions: [] })).toBe('No canary is running (watch-2).');
  });
});

describe('watchExitCode', () => {
  it('is 5 on any srm or misassigned, else 4 while a promote or rollback awaits or a canary is inconclusive, else 0', () => {
    const rollback = decisionFor(ramp(0.6));
    const same = decisionFor(ramp(0.72));
    const misassigned = decisionFor(ramp(0.6, { misassigned: 300 }));
    expect(rollback.decision).toBe('rollback');
    expect(same.decision).toBe('continue');
    expect(misassigned.decision).toBe('misassigned');
    expect(watchExitCode({ decisions: [] })).toBe(WATCH_EXIT_CODES.ok);
    expect(watchExitCode({ decisions: [same] })).toBe(0);
    expect(watchExitCode({ decisions: [same, rollback] })).toBe(WATCH_EXIT_CODES.awaits);
    expect(watchExitCode({ decisions: [{ ...rollback, applied: true, applied_release_number: 6 }] })).toBe(0);
    expect(watchExitCode({ decisions: [{ ...same, decision: 'inconclusive' }] })).toBe(4);
    expect(watchExitCode({ decisions: [rollback, { ...same, decision: 'srm' }] })).toBe(WATCH_EXIT_CODES.srm);
    expect(watchExitCode({ decisions: [misassigned] })).toBe(5);
    expect(watchExitCode({ decisions: [same, rollback, misassigned] })).toBe(5);
  });
});
