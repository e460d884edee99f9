import * as S from 'agentver/stats';
import { describe, expect, it } from 'vitest';
import { expectClose } from './helpers.js';

/** The @example results in the doc comments of src/stats, so the documentation stays true. */
describe('documented examples', () => {
  it('distributions and special functions', () => {
    expectClose(S.normalCdf(-1.959963984540054), 0.025, 1e-12);
    expectClose(S.normalQuantile(0.975), 1.959963984540054, 1e-14);
    expectClose(S.tCdf(-2.228138851986274, 10), 0.025, 1e-12);
    expectClose(S.tCdf(-1e10, 3), 1.1026578e-30, 1e-7);
    expectClose(S.tQuantile(0.975, 10), 2.228138851986274, 1e-13);
    expectClose(S.chiSquaredCdf(3.841458820694124, 1), 0.95, 1e-12);
    expectClose(S.chiSquaredSurvival(3.841458820694124, 1), 0.05, 1e-12);
    expectClose(S.regularizedIncompleteBeta(0.5, 2, 3), 0.6875, 1e-13);
    expectClose(S.logBeta(2, 3), -2.4849066497880004, 1e-14);
    expectClose(S.logGamma(10), 12.801827480081469, 1e-14);
    expectClose(S.noncentralTCdf(2.024394164, 38, 3.16227766), 0.1310472, 1e-6);
  });

  it('tests', () => {
    const g1 = [0.7, -1.6, -0.2, -1.2, -0.1, 3.4, 3.7, 0.8, 0, 2];
    const g2 = [1.9, 0.8, 1.1, 0.1, -0.1, 4.4, 5.5, 1.6, 4.6, 3.4];
    const w = S.welchTTest(g1, g2);
    expectClose(w.df, 17.77647, 1e-6);
    expectClose(w.confidenceInterval[0], -3.365483, 1e-6);
    const s = S.studentTTest(g1, g2);
    expectClose(s.pValue, 0.07918671, 1e-6);
    expectClose(s.confidenceInterval[1], 0.203874, 1e-6);
    expectClose(
      S.mannWhitneyU([0.8, 0.83, 1.89, 1.04, 1.45, 1.38, 1.91, 1.64, 0.73, 1.46], [1.15, 0.88, 0.9, 0.74, 1.21], {
        alternative: 'greater',
      }).pValue,
      0.1272061,
      1e-6,
    );
    const chi = S.chiSquaredTest([
      [762, 327, 468],
      [484, 239, 477],
    ]);
    expectClose(chi.statistic, 30.07015, 1e-6);
    expectClose(chi.pValue, 2.953589e-7, 1e-6);
    expectClose(chi.expected[1]?.[2] ?? 0, 411.32, 1e-5);
    const gof = S.chiSquaredGoodnessOfFit([5000, 5200]);
    expectClose(gof.statistic, 3.921569, 1e-6);
    expectClose(gof.pValue, 0.04767, 1e-3);
    const fisher = S.fisherExactTest([
      [3, 1],
      [1, 3],
    ]);
    expectClose(fisher.pValue, 0.4857143, 1e-6);
    expectClose(fisher.oddsRatio, 6.40832, 1e-6);
    expect(S.adjustPValues([0.01, 0.02, 0.03, 0.04, 0.05], 'BH')).toEqual([0.05, 0.05, 0.05, 0.05, 0.05]);
    const seq = S.sequentialTest({ a: { n: 1000, mean: 0.1, variance: 1 }, b: { n: 1000, mean: 0, variance: 1 }, tau: 0.1 });
    expectClose(seq.statistic, 3.2787, 1e-4);
    expectClose(seq.pValue, 0.305, 1e-3);
    expectClose(seq.confidenceInterval[0], -0.0367, 1e-2);
  });

  it('power', () => {
    expectClose(S.powerProportions({ n: 50, p1: 0.5, p2: 0.75 }).power, 0.7401659, 1e-6);
    expectClose(S.powerProportions({ p1: 0.5, p2: 0.75, power: 0.9 }).n, 76.70693, 1e-6);
    expectClose(S.powerTTest({ n: 20, delta: 1 }).power, 0.8689528, 1e-6);
    expectClose(S.powerTTest({ power: 0.9, delta: 1 }).n, 22.0211, 1e-5);
  });

  it('unit-level comparisons', () => {
    const ratio = S.ratioMoments({ n: 4, sumNum: 6, sumDen: 10, sumNumSquares: 14, sumDenSquares: 30, sumNumDen: 19 });
    expect(ratio.n).toBe(4);
    expect(ratio.mean).toBe(0.6);
    expectClose(ratio.variance, 0.1066667, 1e-6);
    expectClose(ratio.variance, 2 / (3 * 2.5 ** 2), 1e-14);

    const stratified = S.stratifiedDifference([
      { weight: 300, a: { n: 30, mean: 0.6, variance: 0.24 }, b: { n: 270, mean: 0.7, variance: 0.21 } },
      { weight: 100, a: { n: 50, mean: 0.5, variance: 0.25 }, b: { n: 50, mean: 0.6, variance: 0.24 } },
    ]);
    expectClose(stratified.estimate, -0.1, 1e-14);
    expectClose(stratified.variance, 0.00555, 1e-14);
    expect(stratified.n).toBe(400);
    expect(stratified.strata.map((s) => s.weight)).toEqual([0.75, 0.25]);
    expectClose(stratified.strata[0]?.difference ?? Number.NaN, -0.1, 1e-14);
    expectClose(stratified.strata[0]?.variance ?? Number.NaN, 0.0087778, 1e-5);
    expectClose(stratified.strata[0]?.variance ?? Number.NaN, 0.24 / 30 + 0.21 / 270, 1e-14);
    expectClose(stratified.strata[1]?.variance ?? Number.NaN, 0.0098, 1e-14);
    expectClose(((29 * 0.24 + 269 * 0.21) / 298) * (1 / 30 + 1 / 270), 0.0078859, 1e-6);

    const srm = S.stratifiedSrmTest([
      { counts: [5520, 480], shares: [90, 10] },
      { counts: [500, 500], shares: [50, 50] },
    ]);
    expectClose(srm.pValue, 0.0076912, 1e-5);
    expectClose(srm.logBayesFactor, 4.86768, 1e-6);
    expect(srm.reject).toBe(true);
    expectClose(srm.strata[0]?.pValue ?? Number.NaN, 0.0073332, 1e-5);
    expectClose(srm.strata[0]?.logBayesFactor ?? Number.NaN, 4.915338, 1e-6);
    expect(srm.strata[1]?.pValue).toBe(1);
    expectClose(srm.strata[1]?.logBayesFactor ?? Number.NaN, -0.0476574, 1e-5);

    const cs = S.estimateConfidenceSequence({
      estimate: -0.06,
      variance: 0.2304 / 2000 + 0.21 / 18000,
      n: 20000,
      plannedSampleSize: 20000,
    });
    expect(cs.estimate).toBe(-0.06);
    expectClose(cs.standardError, 0.0112635, 1e-6);
    expectClose(cs.confidenceInterval[0], -0.0941871, 1e-6);
    expectClose(cs.confidenceInterval[1], -0.0258129, 1e-5);
    expectClose(cs.pValue, 1.0076e-5, 1e-4);
    expect(cs.reject).toBe(true);
    expectClose(cs.rho, 0.01992, 1e-5);
  });
});
