import { ValidationError } from 'agentver';
import { describe, expect, it } from 'vitest';
import { decideRollout, parseGuardrail, parseRolloutPolicy, type RolloutLook } from '../../../src/rollout/index.js';

const policy = parseRolloutPolicy({});

function look(over: Partial<RolloutLook> & { rate?: [number, number]; errors?: [number, number]; cost?: [number, number] }): RolloutLook {
  const runs = over.runs ?? { baseline: 18000, candidate: 2000 };
  const [rb, rc] = over.rate ?? [0.7, 0.7];
  const [eb, ec] = over.errors ?? [0.05, 0.05];
  const [cb, cc] = over.cost ?? [0.1, 0.1];
  // cost with sd 0.05 in each arm: Σx² = n(sd² + mean²)
  const cost = (n: number, m: number) => ({ n, sum: n * m, sumSquares: n * (0.0025 + m * m) });
  return {
    policy: over.policy ?? policy,
    daysSinceStart: over.daysSinceStart ?? 9,
    candidatePercent: over.candidatePercent ?? 10,
    runs,
    metrics: over.metrics ?? {
      resolution_rate: {
        baseline: { successes: Math.round(rb * runs.baseline), trials: runs.baseline },
        candidate: { successes: Math.round(rc * runs.candidate), trials: runs.candidate },
      },
      error_rate: {
        baseline: { successes: Math.round(eb * runs.baseline), trials: runs.baseline },
        candidate: { successes: Math.round(ec * runs.candidate), trials: runs.candidate },
      },
      cost_usd: { baseline: cost(runs.baseline, cb), candidate: cost(runs.candidate, cc) },
    },
  };
}

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
  });

  it('rolls back when a guardrail is beyond its margin even if the primary is better', () => {
    const d = decideRollout(look({ rate: [0.7, 0.76], cost: [0.1, 0.13] }));
    expect(d.decision).toBe('rollback');
    expect(d.reason).toMatch(/cost_usd is worse than its margin of \+10%/);
    expect(d.metrics.find((m) => m.metric === 'cost_usd')?.verdict).toBe('beyond margin');
  });

  it('promotes a better primary when every guardrail is shown within its margin', () => {
    const d = decideRollout(look({ rate: [0.7, 0.76] }));
    expect(d.decision).toBe('promote');
    expect(d.metrics.filter((m) => m.role === 'guardrail').map((m) => m.verdict)).toEqual(['within margin', 'within margin']);
  });

  it('continues when a guardrail is worse but not clearly beyond its margin, then is inconclusive at max days', () => {
    const d = decideRollout(look({ rate: [0.7, 0.76], cost: [0.1, 0.11] }));
    expect(d.metrics.find((m) => m.metric === 'cost_usd')?.verdict).toBe('unclear');
    expect(d.decision).toBe('continue');
    expect(decideRollout(look({ rate: [0.7, 0.7], daysSinceStart: 14 })).decision).toBe('inconclusive');
    expect(decideRollout(look({ rate: [0.7, 0.7], daysSinceStart: 3 })).reason).toMatch(/^Continue: no difference in resolution_rate yet/);
  });

  it('gives no verdict on a sample ratio mismatch (8% of runs instead of 10%)', () => {
    const d = decideRollout(look({ rate: [0.7, 0.64], runs: { baseline: 18400, candidate: 1600 } }));
    expect(d.decision).toBe('srm');
    expect(d.srmPValue).toBeLessThan(0.001);
    expect(d.reason).toMatch(/^Sample ratio mismatch: the candidate got 8% of 20000 runs against the configured 10%/);
  });

  it('waits for minRunsPerArm and handles arms with no successes', () => {
    const d = decideRollout(look({ runs: { baseline: 450, candidate: 50 }, rate: [0, 0] }));
    expect(d.decision).toBe('continue');
    expect(d.metrics[0]?.verdict).toBe('too few runs');
    const none = decideRollout(look({ runs: { baseline: 900, candidate: 100 }, rate: [0, 0], errors: [0, 0] }));
    expect(none.metrics[0]?.pValue).toBe(1);
    expect(none.decision).toBe('continue');
  });

  it('a relative guardrail on a higher-is-better metric', () => {
    const p = parseRolloutPolicy({ primary: 'error_rate', guardrails: [parseGuardrail('resolution_rate:-5%')] });
    const within = decideRollout(look({ policy: p, rate: [0.7, 0.7], errors: [0.1, 0.05] }));
    expect(within.metrics[1]?.verdict).toBe('within margin');
    expect(within.decision).toBe('promote');
    const beyond = decideRollout(look({ policy: p, rate: [0.7, 0.6], errors: [0.1, 0.05] }));
    expect(beyond.metrics[1]?.verdict).toBe('beyond margin');
    expect(beyond.decision).toBe('rollback');
  });

  it('refuses missing metrics and bad shares', () => {
    expect(() => decideRollout({ ...look({}), metrics: {} })).toThrow(/^decideRollout requires statistics for metric "resolution_rate"/);
    expect(() => decideRollout(look({ candidatePercent: 100 }))).toThrow(/^decideRollout requires candidatePercent/);
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
    expect(policy).toMatchObject({ primary: 'resolution_rate', maxDays: 14, alpha: 0.05, srmAlpha: 0.001 });
    expect(policy.guardrails.map((g) => g.metric)).toEqual(['error_rate', 'cost_usd']);
    expect(() => parseRolloutPolicy({ maxDays: 0 })).toThrow(/maxDays: must be positive/);
    expect(() => parseRolloutPolicy({ primary: 'nps' })).toThrow(/primary: "nps" is not a known metric/);
    expect(parseRolloutPolicy({ primary: 'nps', directions: { nps: 'higher' } }).primary).toBe('nps');
    expect(() => parseRolloutPolicy({ guardrails: [{ metric: 'resolution_rate', margin: 0.1 }] })).toThrow(/cannot also be a guardrail/);
    expect(() => parseRolloutPolicy({ colour: 'red' })).toThrow(ValidationError);
  });
});
