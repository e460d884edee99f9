import { ValidationError } from 'agentver';
import { stratifiedSrmTest } from 'agentver/stats';
import { describe, expect, it } from 'vitest';
import {
  decideRollout,
  type LookStratum,
  type MetricSums,
  type MetricVerdict,
  parseGuardrail,
  parseRolloutPolicy,
  type RolloutLook,
  type RolloutPolicy,
  type StratumArm,
  upgradeStoredPolicy,
} from '../../../src/rollout/index.js';

const policy = parseRolloutPolicy({});

const METRICS = { resolution_rate: 'rate', error_rate: 'rate', cost_usd: 'mean' } as const;

/**
 * A rate's sums over `units` units of `runsPerUnit` runs each, a share `rate` of them good: with
 * one run a unit, num = successes, den = runs, numSquares = successes, denSquares = runs,
 * numDen = successes (the run-level numbers). With more runs a unit, either all of a unit's
 * runs share one outcome (`all-or-nothing`: a unit's x is 0 or m) or they are independent
 * (`independent`: x ~ Binomial(m, rate), its Σx² at its expectation).
 */
function rateSums(units: number, rate: number, runsPerUnit = 1, outcomes: 'all-or-nothing' | 'independent' = 'all-or-nothing'): MetricSums {
  const m = runsPerUnit;
  const good = Math.round(rate * units);
  if (m === 1) return { num: good, den: units, numSquares: good, denSquares: units, numDen: good };
  const p = good / units;
  const numSquares = outcomes === 'all-or-nothing' ? m * m * good : units * (m * p * (1 - p) + m * m * p * p);
  return { num: m * good, den: m * units, numSquares, denSquares: m * m * units, numDen: m * m * good };
}

/** A mean over runs (cost) with standard deviation 0.05 a run, runs independent: Σx² = n(m·sd² + m²·mean²). */
function meanSums(units: number, mean: number, runsPerUnit = 1): MetricSums {
  const m = runsPerUnit;
  const num = units * m * mean;
  return { num, den: units * m, numSquares: units * (m * 0.0025 + m * m * mean * mean), denSquares: units * m * m, numDen: m * num };
}

interface ArmSpec {
  rate?: number;
  errors?: number;
  cost?: number;
  runsPerUnit?: number;
  outcomes?: 'all-or-nothing' | 'independent';
  misassigned?: number;
}

function arm(units: number, spec: ArmSpec = {}): StratumArm {
  const { rate = 0.7, errors = 0.05, cost = 0.1, runsPerUnit = 1, outcomes, misassigned = 0 } = spec;
  return {
    units,
    runs: units * runsPerUnit,
    misassignedUnits: misassigned,
    metrics: {
      resolution_rate: rateSums(units, rate, runsPerUnit, outcomes),
      error_rate: rateSums(units, errors, runsPerUnit, outcomes),
      cost_usd: meanSums(units, cost, runsPerUnit),
    },
  };
}

const stratum = (releaseNumber: number, candidatePercent: number, baseline: StratumArm, candidate: StratumArm): LookStratum => ({
  releaseNumber,
  candidatePercent,
  baseline,
  candidate,
});

/** Both arms' units in one stratum: the sums add. */
function pool(a: StratumArm, b: StratumArm): StratumArm {
  const metrics = Object.fromEntries(
    Object.entries(a.metrics).map(([metric, x]) => {
      const y = b.metrics[metric] as MetricSums;
      return [
        metric,
        {
          num: x.num + y.num,
          den: x.den + y.den,
          numSquares: x.numSquares + y.numSquares,
          denSquares: x.denSquares + y.denSquares,
          numDen: x.numDen + y.numDen,
        },
      ];
    }),
  );
  return { units: a.units + b.units, runs: a.runs + b.runs, misassignedUnits: a.misassignedUnits + b.misassignedUnits, metrics };
}

type Pair = [number, number];

interface LookSpec {
  policy?: RolloutPolicy;
  daysSinceStart?: number;
  strata?: LookStratum[];
  /** One stratum (release 4) with one run a unit: units, share and per-arm rates. */
  units?: { baseline: number; candidate: number };
  candidatePercent?: number;
  rate?: Pair;
  errors?: Pair;
  cost?: Pair;
  misassigned?: Pair;
}

/** A look at a canary with one stratum (default: 18,000 / 2,000 units at 10%, one run each), or the given strata. */
function look(spec: LookSpec = {}): RolloutLook {
  const units = spec.units ?? { baseline: 18000, candidate: 2000 };
  const [rb, rc] = spec.rate ?? [0.7, 0.7];
  const [eb, ec] = spec.errors ?? [0.05, 0.05];
  const [cb, cc] = spec.cost ?? [0.1, 0.1];
  const [mb, mc] = spec.misassigned ?? [0, 0];
  return {
    policy: spec.policy ?? policy,
    daysSinceStart: spec.daysSinceStart ?? 9,
    metrics: METRICS,
    strata: spec.strata ?? [
      stratum(
        4,
        spec.candidatePercent ?? 10,
        arm(units.baseline, { rate: rb, errors: eb, cost: cb, misassigned: mb }),
        arm(units.candidate, { rate: rc, errors: ec, cost: cc, misassigned: mc }),
      ),
    ],
  };
}

const metric = (d: { metrics: readonly MetricVerdict[] }, name: string) => d.metrics.find((m) => m.metric === name);
const width = (m: MetricVerdict | undefined) => (m?.interval ? m.interval[1] - m.interval[0] : Number.NaN);

describe('decideRollout', () => {
  it('rolls back a 6-point resolution drop, naming the metric and its interval', () => {
    const d = decideRollout(look({ rate: [0.7, 0.64] }));
    expect(d.decision).toBe('rollback');
    expect(d.reason).toMatch(
      /^Roll back: resolution_rate is worse in the candidate \(0\.64 vs 0\.7, difference -0\.06, always-valid interval \[/,
    );
    const primary = d.metrics[0];
    expect(primary?.role).toBe('primary');
    expect(primary?.verdict).toBe('worse');
    expect(primary?.interval?.[1]).toBeLessThan(0);
    expect(primary?.nBaseline).toBe(18000);
    expect(primary?.nCandidate).toBe(2000);
    expect(primary?.strata).toEqual([
      { release_number: 4, has_history: false, theta: 0, weight: 1, baseline: 0.7, candidate: 0.64, difference: expect.closeTo(-0.06, 12) },
    ]);
    expect(d.units).toEqual({ baseline: 18000, candidate: 2000 });
    expect(d.runs).toEqual({ baseline: 18000, candidate: 2000 });
    expect(d.misassignedUnits).toBe(0);
    expect(d.strata).toEqual([
      {
        release_number: 4,
        candidate_percent: 10,
        units: { baseline: 18000, candidate: 2000 },
        runs: { baseline: 18000, candidate: 2000 },
        misassigned_units: 0,
        srm_p_value: d.srmPValue,
      },
    ]);
    expect(d.method).toMatch(/^unit-level delta method .* tuned for 10000 units/);
  });

  it('rolls back when a guardrail is beyond its margin even if the primary is better', () => {
    const d = decideRollout(look({ rate: [0.7, 0.76], cost: [0.1, 0.13] }));
    expect(d.decision).toBe('rollback');
    expect(d.reason).toMatch(/cost_usd is worse than its margin of \+10%/);
    expect(metric(d, 'cost_usd')?.verdict).toBe('beyond margin');
  });

  it('promotes a better primary when every guardrail is shown within its margin', () => {
    const d = decideRollout(look({ rate: [0.7, 0.76] }));
    expect(d.decision).toBe('promote');
    expect(d.reason).toMatch(/^Promote: resolution_rate is better in the candidate .*, and error_rate, cost_usd within their margins\.$/);
    expect(d.metrics.filter((m) => m.role === 'guardrail').map((m) => m.verdict)).toEqual(['within margin', 'within margin']);
  });

  it('continues when a guardrail is worse but not clearly beyond its margin, then is inconclusive at max days', () => {
    const d = decideRollout(look({ rate: [0.7, 0.76], cost: [0.1, 0.11] }));
    expect(metric(d, 'cost_usd')?.verdict).toBe('unclear');
    expect(d.decision).toBe('continue');
    expect(d.reason).toMatch(/^Continue: resolution_rate is better but cost_usd not yet shown within margin\.$/);
    const horizon = decideRollout(look({ rate: [0.7, 0.7], daysSinceStart: 14 }));
    expect(horizon.decision).toBe('inconclusive');
    expect(horizon.reason).toMatch(/^Inconclusive after 14 days \(max 14\): no difference in resolution_rate yet/);
    expect(decideRollout(look({ rate: [0.7, 0.7], daysSinceStart: 3 })).reason).toMatch(/^Continue: no difference in resolution_rate yet/);
  });

  it('counts units, not runs: a unit of 10 all-or-nothing runs widens the interval about √10 and turns a rollback into continue', () => {
    // the same 18,000 / 2,000 runs at 0.7 / 0.64: one run a unit rolls back (the first test)
    const runs = decideRollout(look({ rate: [0.7, 0.64] }));
    expect(runs.decision).toBe('rollback');
    const tenRuns = (outcomes: 'all-or-nothing' | 'independent') =>
      decideRollout(
        look({
          strata: [
            stratum(4, 10, arm(1800, { rate: 0.7, runsPerUnit: 10, outcomes }), arm(200, { rate: 0.64, runsPerUnit: 10, outcomes })),
          ],
        }),
      );
    const clustered = tenRuns('all-or-nothing');
    expect(clustered.units).toEqual({ baseline: 1800, candidate: 200 });
    expect(clustered.runs).toEqual({ baseline: 18000, candidate: 2000 });
    const primary = metric(clustered, 'resolution_rate');
    expect(primary?.difference).toBeCloseTo(-0.06, 12);
    expect(primary?.verdict).toBe('no difference yet');
    expect(primary?.interval?.[0]).toBeLessThan(0);
    expect(primary?.interval?.[1]).toBeGreaterThan(0);
    expect(clustered.decision).toBe('continue');
    // A little more than √10 wider: the variance is 10 times the runs' one, and 2,000 units are an
    // earlier point of the confidence sequence than 20,000.
    const ratio = width(primary) / width(metric(runs, 'resolution_rate'));
    expect(ratio).toBeGreaterThan(Math.sqrt(10));
    expect(ratio).toBeLessThan(1.15 * Math.sqrt(10));
    // The same units with independent runs: exactly √10 narrower, and still a rollback. What
    // widens it is the runs' correlation within a unit, not their count.
    const independent = tenRuns('independent');
    expect(width(primary) / width(metric(independent, 'resolution_rate'))).toBeCloseTo(Math.sqrt(10), 9);
    expect(independent.decision).toBe('rollback');
  });

  it('compares within entry states: equal arms in a 10% then a 50% state at different rates are no difference, pooled they would roll back', () => {
    const early = { baseline: arm(9000, { rate: 0.7 }), candidate: arm(1000, { rate: 0.7 }) };
    const late = { baseline: arm(5000, { rate: 0.6 }), candidate: arm(5000, { rate: 0.6 }) };
    const d = decideRollout(
      look({ strata: [stratum(4, 10, early.baseline, early.candidate), stratum(5, 50, late.baseline, late.candidate)] }),
    );
    const primary = metric(d, 'resolution_rate');
    expect(primary?.difference).toBeCloseTo(0, 12);
    expect(primary?.baseline).toBeCloseTo(0.65, 12);
    expect(primary?.candidate).toBeCloseTo(0.65, 12);
    expect(primary?.strata).toEqual([
      { release_number: 4, has_history: false, theta: 0, weight: 0.5, baseline: 0.7, candidate: 0.7, difference: 0 },
      { release_number: 5, has_history: false, theta: 0, weight: 0.5, baseline: 0.6, candidate: 0.6, difference: 0 },
    ]);
    expect(primary?.verdict).toBe('no difference yet');
    expect(d.decision).toBe('continue');
    // Each state got its own share, so no SRM although 30% of all units is neither 10% nor 50%.
    expect(d.units).toEqual({ baseline: 14000, candidate: 6000 });
    expect(d.srmPValue).toBeGreaterThan(0.5);
    expect(d.strata.map((s) => [s.release_number, s.candidate_percent, s.units])).toEqual([
      [4, 10, { baseline: 9000, candidate: 1000 }],
      [5, 50, { baseline: 5000, candidate: 5000 }],
    ]);
    // The same units pooled (at their average share, 30%): the candidate's units came later, when
    // both arms resolved less, so pooling shows a drop that is only time (Simpson's paradox).
    const pooled = decideRollout(
      look({ strata: [stratum(4, 30, pool(early.baseline, late.baseline), pool(early.candidate, late.candidate))] }),
    );
    expect(metric(pooled, 'resolution_rate')?.difference).toBeCloseTo(3700 / 6000 - 9300 / 14000, 12);
    expect(pooled.decision).toBe('rollback');
  });

  it('tests the sample ratio on units: skewed runs per unit are no mismatch, a state whose units are 8% instead of 10% is', () => {
    // 9,000 / 1,000 units (the configured 10%) whose candidate units ran 3 times as often
    const skewed = decideRollout(look({ strata: [stratum(4, 10, arm(9000), arm(1000, { runsPerUnit: 3 }))] }));
    expect(skewed.runs).toEqual({ baseline: 9000, candidate: 3000 });
    expect(stratifiedSrmTest([{ counts: [9000, 3000], shares: [90, 10] }], { alpha: 0.001, concentration: 1000 }).reject).toBe(true);
    expect(skewed.srmPValue).toBeGreaterThan(0.001);
    expect(skewed.decision).toBe('continue');

    // a 6-point drop that would roll back, in a state that served 8% of its units against 10%
    const d = decideRollout(
      look({
        strata: [
          stratum(4, 10, arm(18400, { rate: 0.7 }), arm(1600, { rate: 0.64 })),
          stratum(5, 50, arm(5000, { rate: 0.7 }), arm(5000, { rate: 0.64 })),
        ],
      }),
    );
    expect(d.decision).toBe('srm');
    expect(d.srmPValue).toBeLessThan(0.001);
    expect(d.reason).toMatch(
      /^Sample ratio mismatch: the candidate got 8% of 20000 units against 10% \(entered at release 4\) \(SRM p = [\d.e-]+\), so the split is broken and no verdict is given\.$/,
    );
    expect(d.strata[0]?.srm_p_value).toBeLessThan(0.001);
    expect(d.strata[1]?.srm_p_value).toBeGreaterThan(0.5);
  });

  it('gives no verdict when more than maxMisassignedShare of units are misassigned, and does at or below it', () => {
    // 20,000 units: 1% is 200
    const over = decideRollout(look({ rate: [0.7, 0.64], misassigned: [150, 51] }));
    expect(over.decision).toBe('misassigned');
    expect(over.misassignedUnits).toBe(201);
    expect(over.strata[0]?.misassigned_units).toBe(201);
    expect(over.reason).toMatch(/^Assignment broken: 201 of 20000 units \(/);
    expect(over.reason).toMatch(/no verdict is given\.$/);
    expect(decideRollout(look({ misassigned: [200, 100] })).reason).toBe(
      'Assignment broken: 300 of 20000 units (1.5%; at most 200, 1%, are tolerated) were seen in both arms where no ramp explains it or served a version their arm does not serve, so no verdict is given.',
    );
    const at = decideRollout(look({ rate: [0.7, 0.64], misassigned: [150, 50] }));
    expect(at.misassignedUnits).toBe(200);
    expect(at.decision).toBe('rollback');
    const tolerant = parseRolloutPolicy({ maxMisassignedShare: 0.05 });
    expect(decideRollout(look({ policy: tolerant, rate: [0.7, 0.64], misassigned: [200, 100] })).decision).toBe('rollback');
    // a broken split is reported as srm first
    const both = decideRollout(look({ units: { baseline: 18400, candidate: 1600 }, misassigned: [300, 0] }));
    expect(both.decision).toBe('srm');
  });

  it('waits for minUnitsPerArm and handles arms with no successes', () => {
    const d = decideRollout(look({ units: { baseline: 450, candidate: 50 }, rate: [0, 0] }));
    expect(d.decision).toBe('continue');
    expect(d.reason).toBe('Continue: fewer than 100 units in an arm (baseline 450, candidate 50).');
    expect(d.metrics[0]?.verdict).toBe('too few units');
    expect(decideRollout(look({ units: { baseline: 450, candidate: 50 }, daysSinceStart: 14 })).decision).toBe('inconclusive');
    // many runs do not make up for few units
    const fewUnits = decideRollout(look({ strata: [stratum(4, 10, arm(450, { runsPerUnit: 20 }), arm(50, { runsPerUnit: 20 }))] }));
    expect(fewUnits.runs.candidate).toBe(1000);
    expect(fewUnits.decision).toBe('continue');
    expect(fewUnits.metrics[0]?.verdict).toBe('too few units');
    const none = decideRollout(look({ units: { baseline: 900, candidate: 100 }, rate: [0, 0], errors: [0, 0] }));
    expect(none.metrics[0]?.pValue).toBe(1);
    // every run one way in both arms: each arm gets the binomial variance of a half event, so the
    // interval is narrow, not [-1, 1], and a guardrail with no events at all can be shown within its margin
    const [lo = Number.NaN, hi = Number.NaN] = none.metrics[0]?.interval ?? [];
    expect(lo).toBeCloseTo(-hi, 12);
    expect(hi).toBeGreaterThan(0);
    expect(hi).toBeLessThan(0.05);
    const noErrors = decideRollout(look({ units: { baseline: 9000, candidate: 1000 }, rate: [0.7, 0.7], errors: [0, 0] }));
    expect(noErrors.metrics.find((m) => m.metric === 'error_rate')?.verdict).toBe('within margin');
    expect(none.decision).toBe('continue');
    // no units yet
    const empty = decideRollout(look({ strata: [] }));
    expect(empty).toMatchObject({ decision: 'continue', srmPValue: 1, units: { baseline: 0, candidate: 0 }, strata: [] });
    expect(empty.metrics[0]?.verdict).toBe('too few units');
  });

  it('a relative guardrail on a higher-is-better metric', () => {
    const p = parseRolloutPolicy({ primary: 'error_rate', guardrails: [parseGuardrail('resolution_rate:-5%')] });
    const within = decideRollout(look({ policy: p, rate: [0.7, 0.7], errors: [0.1, 0.05] }));
    expect(within.metrics[1]?.verdict).toBe('within margin');
    expect(within.metrics[1]?.margin).toEqual({ value: 0.05, relative: true, absolute: expect.closeTo(0.035, 12) });
    expect(within.decision).toBe('promote');
    const beyond = decideRollout(look({ policy: p, rate: [0.7, 0.6], errors: [0.1, 0.05] }));
    expect(beyond.metrics[1]?.verdict).toBe('beyond margin');
    expect(beyond.decision).toBe('rollback');
    expect(beyond.reason).toMatch(/resolution_rate is worse than its margin of -5%/);
  });

  it('refuses missing metrics, bad shares and bad counts', () => {
    expect(() => decideRollout({ ...look(), metrics: {} })).toThrow(/^decideRollout requires statistics for metric "resolution_rate"/);
    expect(() => decideRollout(look({ candidatePercent: 100 }))).toThrow(
      /^decideRollout requires strata\[0\]\.candidatePercent strictly between 0 and 100/,
    );
    expect(() => decideRollout(look({ candidatePercent: 0 }))).toThrow(/candidatePercent strictly between 0 and 100/);
    const base = look();
    const s = base.strata[0] as LookStratum;
    expect(() => decideRollout({ ...base, strata: [{ ...s, candidate: { ...s.candidate, units: 1.5 } }] })).toThrow(
      /^decideRollout requires strata\[0\]\.candidate\.units to be a non-negative integer/,
    );
    expect(() => decideRollout({ ...base, strata: [{ ...s, baseline: { ...s.baseline, misassignedUnits: -1 } }] })).toThrow(
      /^decideRollout requires strata\[0\]\.baseline\.misassignedUnits to be a non-negative integer/,
    );
    const { cost_usd: _, ...withoutCost } = s.candidate.metrics;
    expect(() => decideRollout({ ...base, strata: [{ ...s, candidate: { ...s.candidate, metrics: withoutCost } }] })).toThrow(
      /^decideRollout requires strata\[0\] to carry metric "cost_usd" in both arms/,
    );
    expect(() => decideRollout(look({ daysSinceStart: -1 }))).toThrow(/^decideRollout requires daysSinceStart to be a non-negative number/);
  });
});

describe('parseGuardrail and parseRolloutPolicy', () => {
  it('reads absolute and relative margins', () => {
    expect(parseGuardrail('error_rate:+0.02')).toEqual({ metric: 'error_rate', margin: 0.02, relative: false });
    expect(parseGuardrail('cost_usd:+10%')).toEqual({ metric: 'cost_usd', margin: 0.1, relative: true });
    expect(parseGuardrail('grade_score:-0.05')).toEqual({ metric: 'grade_score', margin: 0.05, relative: false });
    expect(parseGuardrail('latency_ms:250')).toEqual({ metric: 'latency_ms', margin: 250, relative: false });
  });

  it('names the field and the rule', () => {
    const problem = (text: string) => {
      try {
        parseGuardrail(text);
      } catch (error) {
        expect(error).toBeInstanceOf(ValidationError);
        return (error as ValidationError).problems[0];
      }
      throw new Error('no error');
    };
    expect(problem('cost_usd+10%')).toEqual({ field: 'guardrail', rule: expect.stringMatching(/is not <metric>:<margin>/) });
    expect(problem('cost_usd:-10%')?.rule).toBe('the margin of cost_usd must be an increase (+): lower is better');
    expect(problem('resolution_rate:+0.02')?.rule).toBe('the margin of resolution_rate must be a decrease (-): higher is better');
    expect(problem('cost_usd:+100%')?.rule).toBe('the relative margin of cost_usd must be below 100%');
    expect(problem('cost_usd:+0')?.rule).toBe('the margin of cost_usd must be a positive number');
    expect(problem('happiness:+1')?.rule).toMatch(/"happiness" is not a known metric/);
  });

  it('fills defaults and refuses bad policies', () => {
    expect(policy).toMatchObject({
      primary: 'resolution_rate',
      maxDays: 14,
      alpha: 0.05,
      srmAlpha: 0.001,
      plannedUnits: 10000,
      minUnitsPerArm: 100,
      maxMisassignedShare: 0.01,
    });
    expect(policy.guardrails.map((g) => g.metric)).toEqual(['error_rate', 'cost_usd']);
    expect(() => parseRolloutPolicy({ maxDays: 0 })).toThrow(/maxDays: must be positive/);
    expect(() => parseRolloutPolicy({ primary: 'nps' })).toThrow(/primary: "nps" is not a known metric/);
    expect(parseRolloutPolicy({ primary: 'nps', directions: { nps: 'higher' } }).primary).toBe('nps');
    expect(() => parseRolloutPolicy({ guardrails: [{ metric: 'resolution_rate', margin: 0.1 }] })).toThrow(/cannot also be a guardrail/);
    expect(() => parseRolloutPolicy({ colour: 'red' })).toThrow(ValidationError);
    expect(() => parseRolloutPolicy({ maxMisassignedShare: 1 })).toThrow(/maxMisassignedShare: must be below 1/);
    expect(() => parseRolloutPolicy({ minUnitsPerArm: 2.5 })).toThrow(/minUnitsPerArm: must be a whole number/);
  });

  it('keeps parsing the policies of canaries started before decisions were by unit', () => {
    const legacy = parseRolloutPolicy(upgradeStoredPolicy({ plannedRuns: 10000, minRunsPerArm: 100 }));
    expect(legacy).toMatchObject({ plannedUnits: 10000, minUnitsPerArm: 100, maxMisassignedShare: 0.01 });
    expect(legacy).not.toHaveProperty('plannedRuns');
    expect(legacy).not.toHaveProperty('minRunsPerArm');
    expect(parseRolloutPolicy(upgradeStoredPolicy({ plannedRuns: 10000, minRunsPerArm: 100, maxDays: 7 })).maxDays).toBe(7);
    // they meant runs: dropped, not carried over as units
    expect(parseRolloutPolicy(upgradeStoredPolicy({ plannedRuns: 50000 })).plannedUnits).toBe(10000);
    // a canary stored before CUPED keeps its unadjusted method; one stored since keeps what it stored
    expect(parseRolloutPolicy(upgradeStoredPolicy({ maxDays: 7 })).varianceReduction).toBe('none');
    expect(parseRolloutPolicy(upgradeStoredPolicy(parseRolloutPolicy({}))).varianceReduction).toBe('cuped');
    // new input with them is refused, naming the key
    expect(() => parseRolloutPolicy({ plannedRuns: 10000 })).toThrow(ValidationError);
  });
});
