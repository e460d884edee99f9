import { compareVersions, familyLevels, gradeColumn, parseGuardrail, ValidationError, type VersionStats } from 'agentver';
import { describe, expect, it } from 'vitest';

/** Σx and Σx² of n values with this mean and sample standard deviation. */
function sums(n: number, mean: number, sd: number) {
  return { n, sum: n * mean, sumSquares: (n - 1) * sd * sd + n * mean * mean };
}

/** A version's mart sums: `runs` runs, resolved and errors as counts, cost and latency from (mean, sd). */
function version(
  v: number,
  runs: number,
  { resolved, errors, cost, latency }: { resolved: number; errors: number; cost: [number, number]; latency: [number, number] },
  grades: Record<string, { graded: number; passed: number; score: [number, number] }> = {},
): VersionStats {
  const c = sums(runs, ...cost);
  const l = sums(runs, ...latency);
  const columns: Record<string, number> = {
    n_runs: runs,
    n_resolved: resolved,
    n_first_response_resolved: Math.round(resolved / 2),
    n_succeeded: runs - errors,
    n_errors: errors,
    n_cost_usd: c.n,
    sum_cost_usd: c.sum,
    sum_sq_cost_usd: c.sumSquares,
    n_latency_ms: l.n,
    sum_latency_ms: l.sum,
    sum_sq_latency_ms: l.sumSquares,
  };
  for (const [metric, g] of Object.entries(grades)) {
    const s = sums(g.graded, ...g.score);
    Object.assign(columns, {
      [gradeColumn(metric, 'n_graded')]: g.graded,
      [gradeColumn(metric, 'n_verdicts')]: g.graded,
      [gradeColumn(metric, 'n_passed')]: g.passed,
      [gradeColumn(metric, 'n_score')]: s.n,
      [gradeColumn(metric, 'sum_score')]: s.sum,
      [gradeColumn(metric, 'sum_sq_score')]: s.sumSquares,
    });
  }
  return {
    agentVersionId: `a@${v}`,
    version: v,
    nRuns: runs,
    firstRunDate: null,
    lastRunDate: null,
    columns,
    gradeMetrics: Object.keys(grades),
  };
}

const base = { resolved: 1400, errors: 40, cost: [0.1, 0.03] as [number, number], latency: [1000, 200] as [number, number] };
const baseline = version(1, 2000, base);
const metric = (result: ReturnType<typeof compareVersions>, key: string) => result.metrics.find((m) => m.metric === key);

describe('the overall verdict follows the primary metric and the guardrails', () => {
  it('+10.6 points of resolution with cost 3% higher (within its +10% guardrail) is better, not worse', () => {
    const candidate = version(2, 2000, { ...base, resolved: 1612, cost: [0.103, 0.03] });
    const result = compareVersions(baseline, candidate);
    expect(metric(result, 'cost_usd')?.verdict).toBe('worse'); // the cost is higher, significantly …
    expect(metric(result, 'cost_usd')).toMatchObject({ role: 'guardrail', marginVerdict: 'within margin' }); // … but within its margin
    expect(metric(result, 'resolution_rate')).toMatchObject({ role: 'primary', verdict: 'better' });
    expect(result.overall).toBe('better');
    expect(result.decidedBy).toEqual(['resolution_rate', 'error_rate', 'cost_usd']);
    expect(result.reason).toMatch(/^resolution_rate \(primary\) is better/);
  });

  it('the same with cost 30% higher (beyond the margin) is worse, decided by the guardrail', () => {
    const candidate = version(2, 2000, { ...base, resolved: 1612, cost: [0.13, 0.03] });
    const result = compareVersions(baseline, candidate);
    expect(metric(result, 'cost_usd')?.marginVerdict).toBe('beyond margin');
    expect(metric(result, 'cost_usd')?.margin).toMatchObject({ metric: 'cost_usd', margin: 0.1, relative: true });
    expect(metric(result, 'cost_usd')?.margin?.absolute).toBeCloseTo(0.01, 12);
    expect(result.overall).toBe('worse');
    expect(result.decidedBy).toEqual(['cost_usd']);
    expect(result.reason).toContain('cost_usd is worse than its guardrail margin of +10%');
  });

  it('a secondary metric that is worse does not decide; made a guardrail, it does', () => {
    const candidate = version(2, 2000, { ...base, resolved: 1612, latency: [1300, 200] });
    const result = compareVersions(baseline, candidate);
    expect(metric(result, 'latency_ms')).toMatchObject({ role: 'secondary', verdict: 'worse', margin: null, marginVerdict: null });
    expect(result.overall).toBe('better');
    const guarded = compareVersions(baseline, candidate, { guardrails: [parseGuardrail('latency_ms:+10%')] });
    expect(guarded.overall).toBe('worse');
    expect(guarded.guardrails).toEqual([{ metric: 'latency_ms', margin: 0.1, relative: true }]);
  });

  it('a worse primary is worse whatever the guardrails say', () => {
    const candidate = version(2, 2000, { ...base, resolved: 1200, cost: [0.08, 0.03] });
    const result = compareVersions(baseline, candidate);
    expect(result).toMatchObject({ overall: 'worse', decidedBy: ['resolution_rate'] });
  });

  it('a better primary with a guardrail not yet shown within its margin is inconclusive', () => {
    // 40 runs: the cost interval is too wide to rule out +10%.
    const small = (v: number, resolved: number) => version(v, 40, { ...base, resolved, errors: 1, cost: [0.1, 0.05] });
    const result = compareVersions(small(1, 10), small(2, 35));
    expect(metric(result, 'resolution_rate')?.verdict).toBe('better');
    expect(metric(result, 'cost_usd')?.marginVerdict).toBe('unclear');
    expect(result.overall).toBe('inconclusive');
    expect(result.decidedBy).toContain('cost_usd');
  });

  it('another primary can be chosen; an unknown one, or a primary that is also a guardrail, is bad input', () => {
    const candidate = version(2, 2000, { ...base, resolved: 1612, errors: 120 });
    const result = compareVersions(baseline, candidate, { primary: 'success_rate', guardrails: [] });
    expect(result).toMatchObject({ primary: 'success_rate', overall: 'worse', decidedBy: ['success_rate'] });
    expect(() => compareVersions(baseline, candidate, { primary: 'happiness' })).toThrow(ValidationError);
    expect(() => compareVersions(baseline, candidate, { primary: 'grade_score' })).toThrow(/not a metric compare reports/);
    expect(() => compareVersions(baseline, candidate, { primary: 'cost_usd' })).toThrow(/primary metric cannot also be a guardrail/);
  });
});

describe('intervals beside Holm-based verdicts', () => {
  it("familyLevels gives each p-value its Holm step's level, and Holm's stopping level after the first non-rejection", () => {
    expect(familyLevels([0.04, 0.001, 0.3], [0.08, 0.003, 0.3], 0.05, 'holm')).toEqual([0.025, 0.05 / 3, 0.025]);
    expect(familyLevels([0.001, 0.002], [0.002, 0.002], 0.05, 'holm')).toEqual([0.025, 0.05]);
    expect(familyLevels([0.01, 0.02, 0.5], [0.03, 0.03, 0.5], 0.05, 'BH')).toEqual([0.05 * (2 / 3), 0.05 * (2 / 3), 0.05 * (2 / 3)]);
  });

  it('shows each interval at the level its verdict was tested at, so it excludes 0 exactly when the verdict is better or worse', () => {
    const candidate = version(2, 2000, { ...base, resolved: 1450, errors: 70, cost: [0.104, 0.03], latency: [1012, 200] });
    const result = compareVersions(baseline, candidate);
    expect(metric(result, 'resolution_rate')?.intervalLevel).toBeCloseTo(0.95, 12);
    const family = result.metrics.filter((m) => m.role !== 'primary' && m.pValue !== null);
    expect(new Set(family.map((m) => m.intervalLevel)).size).toBeGreaterThan(1);
    for (const m of family) {
      expect(m.intervalLevel as number).toBeGreaterThan(0.95);
      const [lo, hi] = m.interval as [number, number];
      const excludesZero = lo > 0 || hi < 0;
      expect(excludesZero, m.metric).toBe(m.verdict === 'better' || m.verdict === 'worse');
    }
  });
});

describe('grade metrics, one by one', () => {
  // helpfulness graded on 30% of the baseline's runs and 90% of the candidate's, same pass rate.
  const graded = (v: number, share: number) =>
    version(v, 2000, base, {
      helpfulness: { graded: 2000 * share, passed: 2000 * share * 0.8, score: [0.7, 0.2] },
      accuracy: { graded: 2000, passed: 1500, score: [0.6, 0.2] },
    });
  const result = compareVersions(graded(1, 0.3), graded(2, 0.9));

  it('each grade metric gets its pass rate and mean score, with its coverage', () => {
    expect(result.metrics.map((m) => m.metric).filter((key) => key.startsWith('grade.'))).toEqual([
      'grade.accuracy.pass_rate',
      'grade.accuracy.score',
      'grade.helpfulness.pass_rate',
      'grade.helpfulness.score',
    ]);
    const helpfulness = metric(result, 'grade.helpfulness.pass_rate');
    expect(helpfulness?.baseline).toMatchObject({ n: 600, value: 0.8, coverage: 0.3 });
    expect(helpfulness?.candidate).toMatchObject({ n: 1800, value: 0.8, coverage: 0.9 });
    expect(helpfulness?.label).toBe('helpfulness pass rate');
  });

  it('a pass rate does not move when another metric is graded on more runs: the A/A stays quiet', () => {
    // (no tokens in this fixture: total_tokens has no data)
    expect(result.metrics.filter((m) => m.verdict !== 'no detectable change').map((m) => m.metric)).toEqual(['total_tokens']);
    expect(result.overall).toBe('no detectable change');
  });

  it('sizes power in graded runs, then in runs at the coverage', () => {
    const helpfulness = metric(result, 'grade.helpfulness.pass_rate');
    const accuracy = metric(result, 'grade.accuracy.pass_rate');
    const needed = helpfulness?.observationsNeededPerVersion as number;
    expect(helpfulness?.runsNeededPerVersion).toBe(Math.ceil(needed / 0.3));
    expect(helpfulness?.moreRunsNeeded).toBe(Math.max(Math.ceil((needed - 600) / 0.3), Math.ceil(Math.max(0, needed - 1800) / 0.9)));
    expect(accuracy?.runsNeededPerVersion).toBe(accuracy?.observationsNeededPerVersion);
  });
});
