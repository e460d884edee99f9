import { compareVersions, type VersionStats } from 'agentver';
import { normalCdf } from 'agentver/stats';
import { describe, expect, it } from 'vitest';

function stats(version: number, columns: Record<string, number>): VersionStats {
  return { agentVersionId: `a@${version}`, version, nRuns: columns.n_runs ?? 0, firstRunDate: null, lastRunDate: null, columns };
}

// Sums of a sample, as the marts hold them.
const sums = (values: number[]) => ({
  n: values.length,
  sum: values.reduce((a, b) => a + b, 0),
  sumSquares: values.reduce((a, b) => a + b * b, 0),
});

describe('compareVersions', () => {
  const v1Cost = [0.1, 0.12, 0.09, 0.11, 0.1, 0.13, 0.1, 0.08, 0.12, 0.11, 0.1, 0.09];
  const v2Cost = [0.15, 0.17, 0.14, 0.16, 0.18, 0.15, 0.16, 0.14, 0.17, 0.15, 0.16, 0.19];
  const c1 = sums(v1Cost);
  const c2 = sums(v2Cost);
  const baseline = stats(1, {
    n_runs: 500,
    n_resolved: 360,
    n_first_response_resolved: 300,
    n_succeeded: 490,
    n_errors: 10,
    n_cost_usd: c1.n,
    sum_cost_usd: c1.sum,
    sum_sq_cost_usd: c1.sumSquares,
  });
  const candidate = stats(2, {
    n_runs: 500,
    n_resolved: 290,
    n_first_response_resolved: 295,
    n_succeeded: 489,
    n_errors: 11,
    n_cost_usd: c2.n,
    sum_cost_usd: c2.sum,
    sum_sq_cost_usd: c2.sumSquares,
  });
  const result = compareVersions(baseline, candidate);
  const metric = (key: string) => result.metrics.find((m) => m.metric === key);

  it('tests a rate with prop.test (Yates), matching the formula worked by hand', () => {
    const resolution = metric('resolution_rate');
    const [p1, p2, n] = [290 / 500, 360 / 500, 500];
    // X² with Yates' correction for a 2x2 table, by hand.
    const pooled = (290 + 360) / 1000;
    const expected = [n * pooled, n * pooled, n * (1 - pooled), n * (1 - pooled)];
    const observed = [290, 360, 210, 140];
    const chi = observed.reduce((sum, o, i) => sum + (Math.abs(o - (expected[i] as number)) - 0.5) ** 2 / (expected[i] as number), 0);
    expect(resolution?.difference).toBeCloseTo(p1 - p2, 12);
    // The p of X² with 1 df is 2·(1 − Φ(√X²)).
    const expectedP = 2 * normalCdf(-Math.sqrt(chi));
    expect(Math.abs((resolution?.pValue as number) - expectedP) / expectedP).toBeLessThan(1e-9);
    // The interval of p1 − p2 with Yates: ± (z·se + (1/n1 + 1/n2)/2).
    const se = Math.sqrt((p1 * (1 - p1)) / n + (p2 * (1 - p2)) / n);
    const half = 1.959963984540054 * se + (1 / n + 1 / n) / 2;
    expect(resolution?.confidenceInterval?.[0]).toBeCloseTo(p1 - p2 - half, 9);
    expect(resolution?.confidenceInterval?.[1]).toBeCloseTo(p1 - p2 + half, 9);
    expect(resolution?.verdict).toBe('worse');
  });

  it("tests a mean with Welch's t-test from the sums", () => {
    const cost = metric('cost_usd');
    const mean = (x: number[]) => x.reduce((a, b) => a + b, 0) / x.length;
    const variance = (x: number[]) => x.reduce((a, b) => a + (b - mean(x)) ** 2, 0) / (x.length - 1);
    expect(cost?.difference).toBeCloseTo(mean(v2Cost) - mean(v1Cost), 12);
    expect(cost?.baseline.sd).toBeCloseTo(Math.sqrt(variance(v1Cost)), 12);
    expect(cost?.verdict).toBe('worse'); // higher cost is worse
  });

  it('corrects across metrics with Holm and says when there is nothing to tell', () => {
    // The primary is tested on its own; the others form the corrected family.
    const tested = result.metrics.filter((m) => m.pValue !== null && m.role !== 'primary');
    const sorted = [...tested].sort((a, b) => (a.pValue as number) - (b.pValue as number));
    const k = tested.length;
    let running = 0;
    sorted.forEach((m, i) => {
      running = Math.max(running, Math.min(1, (k - i) * (m.pValue as number)));
      expect(m.adjustedPValue).toBeCloseTo(running, 12);
    });
    expect(metric('first_response_resolution_rate')?.verdict).toBe('no detectable change');
    expect(metric('pass_rate')).toBeUndefined(); // grades are compared per grade metric
    expect(result.overall).toBe('worse');
    expect(result.caveat).toMatch(/different times/);
  });

  it('says how many runs would detect the minimum effect', () => {
    const resolution = metric('resolution_rate');
    // Two-sided, alpha 0.05, power 0.8, from 72% down to 67%: the normal-approximation sample
    // size n = (z_a·√(2p̄q̄) + z_b·√(p1q1 + p2q2))² / δ², which power.prop.test solves exactly.
    const [p1, p2] = [0.72, 0.67];
    const pBar = (p1 + p2) / 2;
    const approx =
      (1.959963984540054 * Math.sqrt(2 * pBar * (1 - pBar)) + 0.8416212335729143 * Math.sqrt(p1 * (1 - p1) + p2 * (1 - p2))) ** 2 /
      (p1 - p2) ** 2;
    // prop.test runs with Yates' correction: Fleiss, Tytun & Ury (1980) widen n for it.
    const corrected = (approx / 4) * (1 + Math.sqrt(1 + 4 / (approx * (p1 - p2)))) ** 2;
    expect(resolution?.observationsNeededPerVersion).toBe(Math.ceil(corrected));
    expect(resolution?.runsNeededPerVersion).toBe(Math.ceil(corrected)); // every run has a resolution
    expect(resolution?.moreRunsNeeded).toBe((resolution?.runsNeededPerVersion as number) - 500);
  });

  it('sizes the power column for the change the caller names', () => {
    const bigger = compareVersions(baseline, candidate, { minimumEffect: { rate: 0.1, mean: 0.5 } });
    const rate = (r: typeof result) => r.metrics.find((m) => m.metric === 'resolution_rate')?.runsNeededPerVersion as number;
    const cost = (r: typeof result) => r.metrics.find((m) => m.metric === 'cost_usd')?.runsNeededPerVersion as number;
    // Twice the change needs about a quarter of the runs (n grows as 1/δ²).
    expect(rate(bigger) / rate(result)).toBeGreaterThan(0.2);
    expect(rate(bigger) / rate(result)).toBeLessThan(0.3);
    expect(cost(bigger)).toBeLessThan(cost(result));
    expect(bigger.metrics.find((m) => m.metric === 'resolution_rate')?.minimumEffect).toBe(0.1);
  });

  it('keeps no-difference A/A comparisons quiet', () => {
    const same = compareVersions(baseline, { ...baseline, agentVersionId: 'a@2', version: 2 });
    expect(same.overall).toBe('no detectable change');
    expect(same.metrics.every((m) => m.verdict !== 'worse' && m.verdict !== 'better')).toBe(true);
  });
});
