import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../../../src/demo/seeded-random.js';
import {
  decideRollout,
  type LookStratum,
  type MetricSums,
  parseRamp,
  parseRolloutPolicy,
  type RolloutLook,
  type RolloutPolicyInput,
  type StratumArm,
} from '../../../src/rollout/index.js';

const METRICS = { resolution_rate: 'rate', error_rate: 'rate', cost_usd: 'mean' } as const;

/** One run a unit: a rate's sums are the run counts. */
const rate = (units: number, share: number): MetricSums => {
  const good = Math.round(share * units);
  return { num: good, den: units, numSquares: good, denSquares: units, numDen: good };
};

/** Costs of sd 0.01 around `mean`, one run a unit. */
const cost = (units: number, mean: number): MetricSums => ({
  num: units * mean,
  den: units,
  numSquares: units * (0.0001 + mean * mean),
  denSquares: units,
  numDen: units * mean,
});

function arm(units: number, resolution: number, meanCost = 0.1, errors = 0.05): StratumArm {
  return {
    units,
    runs: units,
    misassignedUnits: 0,
    metrics: { resolution_rate: rate(units, resolution), error_rate: rate(units, errors), cost_usd: cost(units, meanCost) },
  };
}

const RAMP: RolloutPolicyInput = { ramp: [10, 25, 50, 100], stageHours: 24 };

function look(
  policy: RolloutPolicyInput,
  stage: { percent: number; hours: number } | undefined,
  strata: LookStratum[],
  daysSinceStart = 3,
): RolloutLook {
  return { policy: parseRolloutPolicy(policy), daysSinceStart, metrics: METRICS, strata, ...(stage ? { stage } : {}) };
}

/** A 10% stratum and its arms; `c` the candidate's resolution. */
const tenPercent = (units: number, c: number, candidateCost = 0.1): LookStratum => ({
  releaseNumber: 4,
  candidatePercent: 10,
  baseline: arm(units * 9, 0.7),
  candidate: arm(units, c, candidateCost),
});

describe('decideRollout with a ramp', () => {
  it('advances to the next share only once the current one has served its hours, with no harm', () => {
    const strata = [tenPercent(400, 0.7)];
    const early = decideRollout(look(RAMP, { percent: 10, hours: 5 }, strata));
    expect(early.decision).toBe('continue');
    expect(early.reason).toMatch(/^Continue: 10% has served 5 of 24 h before 25%; no harm/);
    expect(early.schedule).toEqual({
      ramp: [10, 25, 50, 100],
      stage_hours: 24,
      ship_when: 'better',
      percent: 10,
      hours_in_stage: 5,
      next_percent: 25,
    });
    const done = decideRollout(look(RAMP, { percent: 10, hours: 24 }, strata));
    expect(done.decision).toBe('advance');
    expect(done.reason).toMatch(/^Advance to 25%: 10% has served 24 h \(at least 24\) with no harm: resolution_rate is not worse/);
    expect(done.schedule?.next_percent).toBe(25);
    // a share moved by hand between stages goes on from the next stage above it
    expect(decideRollout(look(RAMP, { percent: 30, hours: 24 }, strata)).schedule?.next_percent).toBe(50);
  });

  it('does not advance with too few units, a broken split, or harm; harm rolls back at any stage', () => {
    expect(decideRollout(look(RAMP, { percent: 10, hours: 48 }, [tenPercent(50, 0.7)])).decision).toBe('continue');
    const skewed: LookStratum = { releaseNumber: 4, candidatePercent: 10, baseline: arm(3000, 0.7), candidate: arm(700, 0.7) };
    expect(decideRollout(look(RAMP, { percent: 10, hours: 48 }, [skewed])).decision).toBe('srm');
    const worse = decideRollout(look(RAMP, { percent: 10, hours: 2 }, [tenPercent(1000, 0.62)]));
    expect(worse.decision).toBe('rollback');
    const pricey = decideRollout(look(RAMP, { percent: 25, hours: 30 }, [tenPercent(1000, 0.7, 0.13)]));
    expect(pricey.decision).toBe('rollback');
    expect(pricey.reason).toMatch(/cost_usd is worse than its margin of \+10%/);
  });

  it('ship when better: promotes at any stage once proven better, and waits at the last share otherwise', () => {
    const better = decideRollout(look(RAMP, { percent: 10, hours: 1 }, [tenPercent(2000, 0.76)]));
    expect(better.decision).toBe('promote');
    const last = decideRollout(look(RAMP, { percent: 50, hours: 48 }, [tenPercent(400, 0.7)]));
    expect(last.decision).toBe('continue');
    expect(last.reason).toMatch(/^Continue: no difference in resolution_rate yet/);
    expect(decideRollout(look(RAMP, { percent: 50, hours: 48 }, [tenPercent(400, 0.7)], 14)).decision).toBe('inconclusive');
  });

  it('ship when no-harm: advances a better candidate, promotes at the end of the ramp once every guardrail is shown within its margin', () => {
    const noHarm = { ...RAMP, shipWhen: 'no-harm' } as const;
    // proven better at the first share: no-harm still goes through the ramp
    expect(decideRollout(look(noHarm, { percent: 10, hours: 24 }, [tenPercent(2000, 0.76)])).decision).toBe('advance');
    const end = decideRollout(look(noHarm, { percent: 50, hours: 24 }, [tenPercent(2000, 0.7)]));
    expect(end.decision).toBe('promote');
    expect(end.reason).toMatch(
      /^Promote: the ramp is done \(50% for 24 h\) with no harm: resolution_rate is not worse .*, and error_rate, cost_usd within their margins\.$/,
    );
    // before the last share has served its hours: continue, saying how long
    const almost = decideRollout(look(noHarm, { percent: 50, hours: 20 }, [tenPercent(2000, 0.7)]));
    expect(almost.decision).toBe('continue');
    expect(almost.reason).toMatch(/the ramp ends after 4 more h/);
    // a guardrail not yet shown within its margin: wait, then inconclusive at maxDays
    const unclear = decideRollout(look(noHarm, { percent: 50, hours: 30 }, [tenPercent(150, 0.7, 0.105)]));
    expect(unclear.decision).toBe('continue');
    expect(unclear.reason).toMatch(/, but [a-z_, ]+ not yet shown within margin\.$/);
    expect(decideRollout(look(noHarm, { percent: 50, hours: 30 }, [tenPercent(150, 0.7, 0.105)], 14)).decision).toBe('inconclusive');
  });

  it('ship when no-harm without a ramp: promotes at the horizon, not before', () => {
    const policy = { shipWhen: 'no-harm' } as const;
    const strata = [tenPercent(2000, 0.7)];
    expect(decideRollout(look(policy, { percent: 10, hours: 300 }, strata, 13)).decision).toBe('continue');
    const atHorizon = decideRollout(look(policy, { percent: 10, hours: 340 }, strata, 14));
    expect(atHorizon.decision).toBe('promote');
    expect(atHorizon.reason).toMatch(/^Promote: the horizon is reached with no harm/);
    // without a stage the look is what it was before ramps: no schedule in the evidence
    expect(decideRollout(look({}, undefined, strata)).schedule).toBeNull();
  });

  it('counts a share served at 95% of its hours, so a watch scheduled every stageHours advances each look', () => {
    const strata = [tenPercent(400, 0.7)];
    // the share's state was written after the previous look began: the next daily look sees a little under 24 h
    expect(decideRollout(look(RAMP, { percent: 10, hours: 23.98 }, strata)).decision).toBe('advance');
    expect(decideRollout(look(RAMP, { percent: 10, hours: 22.7 }, strata)).decision).toBe('continue');
  });

  it('ships by no-harm only on a measured primary, and decides nothing on no traffic whatever minUnitsPerArm says', () => {
    const noGrades: LookStratum = {
      releaseNumber: 4,
      candidatePercent: 10,
      baseline: {
        ...arm(3600, 0.7),
        metrics: { ...arm(3600, 0.7).metrics, pass_rate: { num: 0, den: 0, numSquares: 0, denSquares: 0, numDen: 0 } },
      },
      candidate: {
        ...arm(400, 0.7),
        metrics: { ...arm(400, 0.7).metrics, pass_rate: { num: 0, den: 0, numSquares: 0, denSquares: 0, numDen: 0 } },
      },
    };
    const policy = parseRolloutPolicy({ ...RAMP, shipWhen: 'no-harm', primary: 'pass_rate' });
    const unmeasured = decideRollout({
      policy,
      daysSinceStart: 3,
      metrics: { ...METRICS, pass_rate: 'rate' },
      strata: [noGrades],
      stage: { percent: 50, hours: 30 },
    });
    expect(unmeasured.decision).toBe('continue');
    expect(unmeasured.reason).toBe('Continue: pass_rate has no data in the strata compared yet.');
    const empty = decideRollout(look({ ...RAMP, minUnitsPerArm: 0 }, { percent: 10, hours: 30 }, []));
    expect(empty.decision).toBe('continue');
    expect(empty.reason).toMatch(/fewer than 1 units in an arm/);
  });

  it('requires a stage when the policy has a ramp, and a sound one', () => {
    expect(() => decideRollout(look(RAMP, undefined, []))).toThrow(/requires stage when the policy has a ramp/);
    expect(() => decideRollout(look(RAMP, { percent: 100, hours: 1 }, []))).toThrow(/requires stage as/);
    expect(() => decideRollout(look(RAMP, { percent: 10, hours: -1 }, []))).toThrow(/requires stage as/);
  });
});

describe('the ramp in the policy', () => {
  it('parses --ramp and refuses what is not a schedule, naming the field and the rule', () => {
    expect(parseRamp('5,25,50,100')).toEqual([5, 25, 50, 100]);
    expect(parseRamp(' 0.5, 12.5 ,100', '--ramp')).toEqual([0.5, 12.5, 100]);
    expect(() => parseRamp('25,5,100', '--ramp')).toThrow(/--ramp: shares must increase/);
    expect(() => parseRamp('5,25,50', '--ramp')).toThrow(/--ramp: must end at 100/);
    expect(() => parseRamp('100', '--ramp')).toThrow(/--ramp: must end at 100 \(the promote\), after at least one share below 100/);
    expect(() => parseRamp('5,25%,100', '--ramp')).toThrow(
      /--ramp: must be shares in percent separated by commas.*"25%" is not a plain decimal/,
    );
    expect(() => parseRamp('5,,100', '--ramp')).toThrow(/"" is not a plain decimal/);
    expect(() => parseRamp('0,50,100', '--ramp')).toThrow(/each share must be above 0/);
    expect(() => parseRamp('5.555,100', '--ramp')).toThrow(/at most two decimals/);
    expect(() => parseRamp('5,150', '--ramp')).toThrow(/at most 100/);
  });

  it('fills the defaults and refuses a ramp that outlasts maxDays or hours that are not positive', () => {
    expect(parseRolloutPolicy({})).toMatchObject({ ramp: [], stageHours: 24, shipWhen: 'better', varianceReduction: 'cuped' });
    expect(() => parseRolloutPolicy({ ramp: [5, 25, 50, 100], stageHours: 120, maxDays: 14 })).toThrow(/ramp: the ramp outlasts maxDays/);
    expect(parseRolloutPolicy({ ramp: [5, 25, 50, 100], stageHours: 112, maxDays: 14 }).stageHours).toBe(112);
    expect(() => parseRolloutPolicy({ stageHours: 0 })).toThrow(/stageHours: must be positive/);
    expect(() => parseRolloutPolicy({ shipWhen: 'soon' })).toThrow(/shipWhen/);
    expect(() => parseRolloutPolicy({ varianceReduction: 'magic' })).toThrow(/varianceReduction/);
  });
});

/** Units (x, y, u, v) summed into a stratum arm's resolution sums with history. */
function withHistory(units: readonly [number, number, number, number][]): StratumArm {
  const s = (pick: (u: [number, number, number, number]) => number) => units.reduce((t, u) => t + pick(u), 0);
  const resolution: MetricSums = {
    num: s(([x]) => x),
    den: s(([, y]) => y),
    numSquares: s(([x]) => x * x),
    denSquares: s(([, y]) => y * y),
    numDen: s(([x, y]) => x * y),
    pre: {
      num: s(([, , u]) => u),
      den: s(([, , , v]) => v),
      numSquares: s(([, , u]) => u * u),
      denSquares: s(([, , , v]) => v * v),
      numDen: s(([, , u, v]) => u * v),
      numTimesNum: s(([x, , u]) => x * u),
      numTimesDen: s(([x, , , v]) => x * v),
      denTimesNum: s(([, y, u]) => y * u),
      denTimesDen: s(([, y, , v]) => y * v),
    },
  };
  const runs = s(([, y]) => y);
  return { units: units.length, runs, misassignedUnits: 0, metrics: { resolution_rate: resolution } };
}

describe('decideRollout with CUPED', () => {
  // units whose own rate shows in their runs before the canary and in it
  function units(n: number, seed: number, shift: number): [number, number, number, number][] {
    const uniform = mulberry32(seed);
    return Array.from({ length: n }, () => {
      const p = 0.2 + 0.7 * uniform();
      const y = 4;
      let x = 0;
      let u = 0;
      for (let r = 0; r < y; r++) x += uniform() < Math.min(1, p + shift) ? 1 : 0;
      for (let r = 0; r < 4; r++) u += uniform() < p ? 1 : 0;
      return [x, y, u, 4];
    });
  }
  const strata = (): LookStratum[] => [
    {
      releaseNumber: 4,
      hasHistory: true,
      candidatePercent: 10,
      baseline: withHistory(units(2700, 1, 0)),
      candidate: withHistory(units(300, 2, 0)),
    },
  ];
  const policy = (varianceReduction: 'cuped' | 'none') => parseRolloutPolicy({ guardrails: [], varianceReduction });

  it('adjusts the strata with history, reports the variance reduction, and narrows the interval', () => {
    const base = { daysSinceStart: 3, metrics: { resolution_rate: 'rate' } as const, strata: strata() };
    const cuped = decideRollout({ ...base, policy: policy('cuped') });
    const plain = decideRollout({ ...base, policy: policy('none') });
    const [c] = cuped.metrics;
    const [p] = plain.metrics;
    expect(c?.strata[0]).toMatchObject({ has_history: true });
    expect(c?.strata[0]?.theta).toBeGreaterThan(0.2);
    // theory: 1 − ρ², ρ² ≈ 0.04/0.085 between two 4-run means of a rate uniform on [0.2, 0.9]
    expect(c?.varianceReduction).toBeGreaterThan(0.1);
    expect(p?.varianceReduction).toBeNull();
    expect(p?.strata[0]?.theta).toBe(0);
    const width = (m: typeof c) => (m?.interval ? m.interval[1] - m.interval[0] : Number.NaN);
    expect(width(c)).toBeLessThan(0.95 * width(p));
    expect(cuped.method).toMatch(/CUPED \(Deng, Xu, Kohavi & Walker 2013\) on each unit's own metric in the 14 days before the canary/);
    expect(plain.method).not.toMatch(/CUPED/);
    // a stratum of units without history is compared unadjusted, even under cuped
    const without = decideRollout({ ...base, strata: strata().map((s) => ({ ...s, hasHistory: false })), policy: policy('cuped') });
    expect(without.metrics[0]?.varianceReduction).toBeNull();
    // units with and without history of one entry state are one state for the sample ratio
    const split = decideRollout({
      ...base,
      strata: [...strata(), { ...(strata()[0] as LookStratum), hasHistory: false }],
      policy: policy('cuped'),
    });
    expect(split.strata).toHaveLength(1);
    expect(split.strata[0]?.units).toEqual({ baseline: 5400, candidate: 600 });
  });
});
