// The audit's case (issue 12): an A/A where helpfulness is graded on 30% of the baseline's runs and
// 90% of the candidate's. The old run-level pass rate ("every graded metric passed") fell with
// coverage and called the candidate worse 15% of the time; per grade metric, it must not.
import { compareVersions, gradeColumn, type VersionStats } from 'agentver';
import { describe, expect, it } from 'vitest';
import { binomial, mulberry32 } from './helpers.js';

const RUNS = 1000;
const REPS = 1000;

/** One version of the A/A: the same true rates, helpfulness graded on `coverage` of the runs. */
function version(uniform: () => number, v: number, coverage: number): VersionStats {
  const columns: Record<string, number> = { n_runs: RUNS, n_resolved: binomial(uniform, RUNS, 0.7), n_succeeded: RUNS };
  for (const [metric, share, pass] of [
    ['accuracy', 1, 0.85],
    ['helpfulness', coverage, 0.6],
  ] as const) {
    const graded = binomial(uniform, RUNS, share);
    Object.assign(columns, {
      [gradeColumn(metric, 'n_graded')]: graded,
      [gradeColumn(metric, 'n_verdicts')]: graded,
      [gradeColumn(metric, 'n_passed')]: binomial(uniform, graded, pass),
    });
  }
  return {
    agentVersionId: `a@${v}`,
    version: v,
    nRuns: RUNS,
    firstRunDate: null,
    lastRunDate: null,
    columns,
    gradeMetrics: ['accuracy', 'helpfulness'],
  };
}

describe('A/A with helpfulness graded on 30% vs 90% of runs (seeded, 1,000 comparisons)', () => {
  it('each grade pass rate is called worse at most at its share of alpha, and the overall verdict at most at alpha/2', () => {
    const uniform = mulberry32(20261203);
    let helpfulnessWorse = 0;
    let accuracyWorse = 0;
    let overallWorse = 0;
    for (let rep = 0; rep < REPS; rep++) {
      const result = compareVersions(version(uniform, 1, 0.3), version(uniform, 2, 0.9), { guardrails: [] });
      const verdict = (key: string) => result.metrics.find((m) => m.metric === key)?.verdict;
      if (verdict('grade.helpfulness.pass_rate') === 'worse') helpfulnessWorse++;
      if (verdict('grade.accuracy.pass_rate') === 'worse') accuracyWorse++;
      if (result.overall === 'worse') overallWorse++;
    }
    // Two-sided at 0.05 gives 2.5% "worse" at most; 1,000 reps: a binomial 3 SE allowance on top.
    const allowance = 0.025 + 3 * Math.sqrt((0.025 * 0.975) / REPS);
    expect(helpfulnessWorse / REPS).toBeLessThan(allowance);
    expect(accuracyWorse / REPS).toBeLessThan(allowance);
    expect(overallWorse / REPS).toBeLessThan(allowance);
  });
});
