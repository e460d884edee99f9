import { readFileSync } from 'node:fs';
import {
  confidenceSequence,
  estimateConfidenceSequence,
  type MeanVarianceSummary,
  type RatioSummary,
  ratioMoments,
  srmTest,
  stratifiedDifference,
  stratifiedSrmTest,
} from 'agentver/stats';
import { describe, expect, it } from 'vitest';
import { expectClose, reference } from './helpers.js';

/**
 * Vectors written by scripts/reference/make_delta_method_vectors.py (NumPy, SciPy, statsmodels):
 * seeded units with many runs each, their cluster-robust regression variances, and closed forms.
 */
// biome-ignore lint/suspicious/noExplicitAny: JSON fixture of many shapes
const delta: any = JSON.parse(readFileSync(new URL('./fixtures/delta-method.json', import.meta.url), 'utf8'));

/**
 * How ratioMoments' s² relates to statsmodels' cluster-robust variance. For a per-run rate R = Σx/Σy
 * of one arm (x a unit's outcomes summed over its runs, y its runs), the CR0 variance of the arm's
 * coefficient in `outcome ~ arm` clustered by unit (use_correction=False) is Σ(x − R·y)²/(Σy)² =
 * Σ(x − R·y)²/(n²ȳ²), and ratioMoments returns s² = Σ(x − R·y)²/((n − 1)ȳ²). So
 *   CR0 piece = s²·(n − 1)/n²,   s²/n (the Welch part of differenceVariance) = CR0 piece·n/(n − 1).
 */
const cr0Piece = (m: MeanVarianceSummary) => (m.variance * (m.n - 1)) / (m.n * m.n);
const unitVarianceFromCr0 = (cr0: number, n: number) => (cr0 * n * n) / (n - 1);

/** differenceVariance's rule, max(Welch, pooled), written out for the checks below. */
function maxWelchPooled(a: MeanVarianceSummary, b: MeanVarianceSummary): number {
  const welch = a.variance / a.n + b.variance / b.n;
  const pooled = (((a.n - 1) * a.variance + (b.n - 1) * b.variance) / (a.n + b.n - 2)) * (1 / a.n + 1 / b.n);
  return Math.max(welch, pooled);
}

/** The five sums of per-unit (x, y), as SQL keeps them. */
function sumsOf(x: readonly number[], y: readonly number[]): RatioSummary {
  let sumNum = 0;
  let sumDen = 0;
  let sumNumSquares = 0;
  let sumDenSquares = 0;
  let sumNumDen = 0;
  for (const [i, xi] of x.entries()) {
    const yi = y[i] ?? Number.NaN;
    sumNum += xi;
    sumDen += yi;
    sumNumSquares += xi * xi;
    sumDenSquares += yi * yi;
    sumNumDen += xi * yi;
  }
  return { n: x.length, sumNum, sumDen, sumNumSquares, sumDenSquares, sumNumDen };
}

/** Textbook delta method for X̄/Ȳ (Deng et al. 2018): (σx²/μy² − 2μxσxy/μy³ + μx²σy²/μy⁴)/n, two-pass sample moments. */
function textbookDeltaVariance(x: readonly number[], y: readonly number[]): number {
  const n = x.length;
  const mx = x.reduce((s, v) => s + v, 0) / n;
  const my = y.reduce((s, v) => s + v, 0) / n;
  let sxx = 0;
  let syy = 0;
  let sxy = 0;
  for (const [i, xi] of x.entries()) {
    const dx = xi - mx;
    const dy = (y[i] ?? Number.NaN) - my;
    sxx += dx * dx;
    syy += dy * dy;
    sxy += dx * dy;
  }
  const [vx, vy, cxy] = [sxx / (n - 1), syy / (n - 1), sxy / (n - 1)];
  return (vx / my ** 2 - (2 * mx * cxy) / my ** 3 + (mx ** 2 * vy) / my ** 4) / n;
}

/** RatioSummary of units with one run each, k of n resolved (x ∈ {0, 1}, y = 1). */
const binaryUnits = (n: number, k: number): RatioSummary => ({
  n,
  sumNum: k,
  sumDen: n,
  sumNumSquares: k,
  sumDenSquares: n,
  sumNumDen: k,
});

const addSums = (p: RatioSummary, q: RatioSummary): RatioSummary => ({
  n: p.n + q.n,
  sumNum: p.sumNum + q.sumNum,
  sumDen: p.sumDen + q.sumDen,
  sumNumSquares: p.sumNumSquares + q.sumNumSquares,
  sumDenSquares: p.sumDenSquares + q.sumDenSquares,
  sumNumDen: p.sumNumDen + q.sumNumDen,
});

describe('ratioMoments against the cluster-robust regression variance (statsmodels) and the textbook delta method', () => {
  for (const c of delta.ratioMoments) {
    describe(`${c.name}: ${c.description}`, () => {
      const a = ratioMoments(c.a.sums);
      const b = ratioMoments(c.b.sums);

      it('the fixture sums are those of its units', () => {
        for (const arm of [c.a, c.b]) {
          const sums = sumsOf(arm.units.x, arm.units.y);
          expect(sums.n).toBe(arm.sums.n);
          for (const key of ['sumNum', 'sumDen', 'sumNumSquares', 'sumDenSquares', 'sumNumDen'] as const) {
            expectClose(sums[key], arm.sums[key], 1e-12, 0, key);
          }
        }
      });

      it('mean: the per-run rate, the OLS cell mean of OLS(outcome, [arm a, arm b])', () => {
        expectClose(a.mean, c.a.rate, 1e-12, 0, 'rate a');
        expectClose(b.mean, c.b.rate, 1e-12, 0, 'rate b');
        // OLS(outcome, [1, arm]).params[1]
        expectClose(a.mean - b.mean, c.difference, 1e-9, 0, 'difference');
      });

      it('variance·(n − 1)/n² is the per-arm CR0 variance (OLS(...).fit(cov_type="cluster", use_correction=False))', () => {
        expectClose(cr0Piece(a), c.a.clusterVariance, 1e-6, 0, 'arm a');
        expectClose(cr0Piece(b), c.b.clusterVariance, 1e-6, 0, 'arm b');
        // cov_params()[1, 1] of outcome ~ arm: the arms' pieces add (no unit is in both arms)
        expectClose(cr0Piece(a) + cr0Piece(b), c.clusterVarianceCR0, 1e-6, 0, 'difference');
      });

      it('variance/n is the textbook delta formula from the raw units (and numpy.cov(x, y, ddof=1))', () => {
        expectClose(a.variance / a.n, textbookDeltaVariance(c.a.units.x, c.a.units.y), 1e-9, 0, 'arm a, direct');
        expectClose(b.variance / b.n, textbookDeltaVariance(c.b.units.x, c.b.units.y), 1e-9, 0, 'arm b, direct');
        expectClose(a.variance, c.a.deltaUnitVariance, 1e-9, 0, 'arm a, numpy');
        expectClose(b.variance, c.b.deltaUnitVariance, 1e-9, 0, 'arm b, numpy');
      });

      it('one stratum of stratifiedDifference: max(Welch, pooled) of the unit variances recovered from CR0', () => {
        const fromCr0a = { n: a.n, mean: c.a.rate, variance: unitVarianceFromCr0(c.a.clusterVariance, a.n) };
        const fromCr0b = { n: b.n, mean: c.b.rate, variance: unitVarianceFromCr0(c.b.clusterVariance, b.n) };
        const r = stratifiedDifference([{ weight: 1, a, b }]);
        expectClose(r.estimate, c.difference, 1e-9, 0, 'estimate');
        expectClose(r.variance, maxWelchPooled(fromCr0a, fromCr0b), 1e-6, 0, 'variance');
        // The Welch part is CR0 with n/(n − 1) in each arm, so never below CR0.
        expect(r.variance).toBeGreaterThan(c.clusterVarianceCR0);
      });

      it('counts a unit once: larger than the run-level variance p(1 − p)/runs that treats runs as independent', () => {
        // numpy.var(run outcomes, ddof=1)/runs; the ratio is the design effect of the unit's correlated runs
        expect(a.variance / a.n).toBeGreaterThan(c.a.runLevelVariance);
        expect(b.variance / b.n).toBeGreaterThan(c.b.runLevelVariance);
      });
    });
  }

  it('one run a unit (y = 1): the sample variance of x (numpy.var(x, ddof=1) = 7.553571428571429)', () => {
    const x = [3, 1, 4, 1, 5, 9, 2, 6];
    const r = ratioMoments(sumsOf(x, [1, 1, 1, 1, 1, 1, 1, 1]));
    expect(r.n).toBe(8);
    expectClose(r.mean, 3.875, 1e-15);
    expectClose(r.variance, 7.553571428571429, 1e-13);
  });

  it('one unit: variance 0; every unit on the ratio: variance 0, not a rounding residue below it', () => {
    expect(ratioMoments({ n: 1, sumNum: 3, sumDen: 4, sumNumSquares: 9, sumDenSquares: 16, sumNumDen: 12 })).toEqual({
      n: 1,
      mean: 0.75,
      variance: 0,
    });
    // units (0.1, 1), (0.3, 3), (0.7, 7): x = 0.1·y
    const r = ratioMoments(sumsOf([0.1, 0.3, 0.7], [1, 3, 7]));
    expect(r.variance).toBeGreaterThanOrEqual(0);
    expect(r.variance).toBeLessThan(1e-15);
  });

  it('errors name the function and the rule', () => {
    const ok = { n: 4, sumNum: 6, sumDen: 10, sumNumSquares: 14, sumDenSquares: 30, sumNumDen: 19 };
    // biome-ignore lint/suspicious/noExplicitAny: invalid input on purpose
    expect(() => ratioMoments(null as any)).toThrow(/^ratioMoments requires a summary object/);
    expect(() => ratioMoments({ ...ok, n: 0 })).toThrow(/^ratioMoments requires n to be an integer of at least 1/);
    expect(() => ratioMoments({ ...ok, n: 2.5 })).toThrow(/^ratioMoments requires n to be an integer of at least 1/);
    expect(() => ratioMoments({ ...ok, sumNum: Number.NaN })).toThrow(/^ratioMoments requires sumNum to be a finite number/);
    expect(() => ratioMoments({ ...ok, sumNumDen: Number.POSITIVE_INFINITY })).toThrow(
      /^ratioMoments requires sumNumDen to be a finite number/,
    );
    expect(() => ratioMoments({ ...ok, sumDen: 0 })).toThrow(/^ratioMoments requires sumDen > 0/);
    expect(() => ratioMoments({ ...ok, sumDenSquares: -1 })).toThrow(/^ratioMoments requires sums of squares ≥ 0/);
  });
});

describe('stratifiedDifference (post-stratification: Cochran §5A)', () => {
  const s1 = { a: { n: 30, mean: 0.6, variance: 0.24 }, b: { n: 270, mean: 0.7, variance: 0.21 } };
  const s2 = { a: { n: 50, mean: 0.5, variance: 0.25 }, b: { n: 40, mean: 0.65, variance: 0.3 } };

  it('one stratum: the plain difference with differenceVariance (confidenceSequence’s standard error²)', () => {
    const r = stratifiedDifference([{ weight: 7, ...s1 }]);
    const cs = confidenceSequence(s1);
    expect(r.estimate).toBe(cs.estimate);
    expectClose(r.variance, cs.standardError ** 2, 1e-14);
    expectClose(r.variance, maxWelchPooled(s1.a, s1.b), 1e-14);
    expect(r.n).toBe(300);
    expect(r.strata).toEqual([{ weight: 1, difference: r.estimate, variance: r.variance }]);
  });

  it('two strata: Σ w_k (ā_k − b̄_k) and Σ w_k² V_k with each V_k the stratum’s own', () => {
    const r = stratifiedDifference([
      { weight: 300, ...s1 },
      { weight: 90, ...s2 },
    ]);
    const v1 = stratifiedDifference([{ weight: 1, ...s1 }]).variance;
    const v2 = stratifiedDifference([{ weight: 1, ...s2 }]).variance;
    const [w1, w2] = [300 / 390, 90 / 390];
    expectClose(r.estimate, w1 * (0.6 - 0.7) + w2 * (0.5 - 0.65), 1e-14);
    expectClose(r.variance, w1 * w1 * v1 + w2 * w2 * v2, 1e-14);
    expect(r.n).toBe(390);
    expect(r.strata.map((s) => s.weight)).toEqual([w1, w2]);
  });

  it('weights are normalized: only their ratios matter, and a zero weight drops a stratum from the estimate', () => {
    const base = stratifiedDifference([
      { weight: 0.75, ...s1 },
      { weight: 0.25, ...s2 },
    ]);
    for (const [w1, w2] of [
      [3, 1],
      [300, 100],
      [3e-9, 1e-9],
    ] as const) {
      const r = stratifiedDifference([
        { weight: w1, ...s1 },
        { weight: w2, ...s2 },
      ]);
      expectClose(r.estimate, base.estimate, 1e-14);
      expectClose(r.variance, base.variance, 1e-14);
    }
    const dropped = stratifiedDifference([
      { weight: 2, ...s1 },
      { weight: 0, ...s2 },
    ]);
    const alone = stratifiedDifference([{ weight: 1, ...s1 }]);
    expect(dropped.estimate).toBe(alone.estimate);
    expect(dropped.variance).toBe(alone.variance);
  });

  it("Simpson's paradox: equal rates within each entry state, different shares, estimate 0 while the pooled difference is not", () => {
    // 10% state: a 80/100, b 720/900 (0.8 each); 50% state: a 300/500, b 300/500 (0.6 each). One run a unit.
    const cells = { a1: binaryUnits(100, 80), b1: binaryUnits(900, 720), a2: binaryUnits(500, 300), b2: binaryUnits(500, 300) };
    const r = stratifiedDifference([
      { weight: 1000, a: ratioMoments(cells.a1), b: ratioMoments(cells.b1) },
      { weight: 1000, a: ratioMoments(cells.a2), b: ratioMoments(cells.b2) },
    ]);
    expect(r.estimate).toBe(0);
    expect(r.strata.map((s) => s.difference)).toEqual([0, 0]);
    // Pooled: a = 380/600 = 0.6333…, b = 1020/1400 = 0.7285…; the later (lower) state is 5/6 of a but 5/14 of b.
    const pooled = ratioMoments(addSums(cells.a1, cells.a2)).mean - ratioMoments(addSums(cells.b1, cells.b2)).mean;
    expectClose(pooled, 380 / 600 - 1020 / 1400, 1e-14);
    expect(pooled).toBeLessThan(-0.09);
  });

  describe(`ramped canary from statsmodels: ${delta.stratifiedDifference.description}`, () => {
    const c = delta.stratifiedDifference;
    const moments = c.strata.map((s: { weight: number; a: { sums: RatioSummary }; b: { sums: RatioSummary } }) => ({
      weight: s.weight,
      a: ratioMoments(s.a.sums),
      b: ratioMoments(s.b.sums),
    }));
    const r = stratifiedDifference(moments);

    it('estimate: Σ w_k (β_ka − β_kb) of the cell-means OLS, w = units per entry state', () => {
      expectClose(r.estimate, c.stratifiedEstimate, 1e-9);
      expect(r.n).toBe(c.units);
    });

    it('variance: Σ w_k² max(Welch, pooled), the unit variances recovered from the cells’ CR0 variances', () => {
      let expected = 0;
      for (const [k, s] of c.strata.entries()) {
        const w = s.weight / c.units;
        const arm = (cell: { sums: RatioSummary; rate: number; clusterVariance: number }) => ({
          n: cell.sums.n,
          mean: cell.rate,
          variance: unitVarianceFromCr0(cell.clusterVariance, cell.sums.n),
        });
        const vk = maxWelchPooled(arm(s.a), arm(s.b));
        expectClose(r.strata[k]?.variance ?? Number.NaN, vk, 1e-6, 0, `stratum ${k}`);
        expected += w * w * vk;
      }
      expectClose(r.variance, expected, 1e-6);
      // c'Vc of the CR0 covariance (use_correction=False) has no n/(n − 1) and no max: a lower bound.
      expect(r.variance).toBeGreaterThan(c.stratifiedClusterVarianceCR0);
    });

    it('pooling the entry states is biased by the ramp (OLS(outcome, [1, arm]) over both states)', () => {
      const sum = (label: 'a' | 'b') => c.strata.map((s: Record<'a' | 'b', { sums: RatioSummary }>) => s[label].sums).reduce(addSums);
      const pooled = ratioMoments(sum('a')).mean - ratioMoments(sum('b')).mean;
      expectClose(pooled, c.pooledDifference, 1e-9);
      expect(Math.abs(pooled - r.estimate)).toBeGreaterThan(0.05);
    });
  });

  it('errors name the function and the rule', () => {
    const arm = { n: 10, mean: 1, variance: 1 };
    expect(() => stratifiedDifference([])).toThrow(/^stratifiedDifference requires at least one stratum/);
    expect(() => stratifiedDifference([{ weight: -1, a: arm, b: arm }])).toThrow(/^stratifiedDifference requires strata\[0\]\.weight/);
    expect(() => stratifiedDifference([{ weight: 1, a: arm, b: { ...arm, n: 0 } }])).toThrow(
      /^stratifiedDifference requires strata\[0\]\.b/,
    );
    expect(() =>
      stratifiedDifference([
        { weight: 1, a: arm, b: arm },
        { weight: 1, a: { ...arm, variance: -1 }, b: arm },
      ]),
    ).toThrow(/^stratifiedDifference requires strata\[1\]\.a/);
    expect(() => stratifiedDifference([{ weight: 0, a: arm, b: arm }])).toThrow(/^stratifiedDifference requires a positive total weight/);
  });
});

describe('stratifiedSrmTest: the product of the strata’s Dirichlet–multinomial Bayes factors (scipy.special.gammaln)', () => {
  it('one stratum is srmTest', () => {
    for (const [counts, shares] of [
      [
        [5520, 480],
        [90, 10],
      ],
      [
        [20, 17, 9],
        [0.4, 0.4, 0.2],
      ],
    ]) {
      const one = srmTest(counts ?? [], shares ?? []);
      const r = stratifiedSrmTest([{ counts: counts ?? [], shares: shares ?? [] }]);
      expect(r.pValue).toBe(one.pValue);
      expect(r.logBayesFactor).toBe(one.logBayesFactor);
      expect(r.reject).toBe(one.reject);
      expect(r.strata).toEqual([one]);
    }
  });

  for (const c of delta.stratifiedSrmTest) {
    it(`${c.strata.map((s: { counts: number[] }) => JSON.stringify(s.counts)).join(' + ')}, c = ${c.concentration}`, () => {
      const r = stratifiedSrmTest(c.strata, { concentration: c.concentration });
      for (const [k, lbf] of c.logBayesFactors.entries()) {
        expectClose(r.strata[k]?.logBayesFactor ?? Number.NaN, lbf, 1e-9, 1e-9, `stratum ${k}`);
      }
      // log BFs add: Σ_k ln BF_k, and p = min(1, exp(−Σ ln BF_k))
      expect(r.logBayesFactor).toBe(r.strata.reduce((s, x) => s + x.logBayesFactor, 0));
      expectClose(r.logBayesFactor, c.logBayesFactor, 1e-9, 1e-9, 'logBayesFactor');
      expectClose(r.pValue, c.pValue, 1e-9, 0, 'pValue');
      expect(r.reject).toBe(c.pValue <= 0.05);
    });
  }

  it('carries previousPValue to the product only, and rejects at alpha', () => {
    const strata = delta.stratifiedSrmTest[0].strata;
    const r = stratifiedSrmTest(strata, { previousPValue: 0.001 });
    expect(r.pValue).toBe(0.001);
    expect(r.strata.map((s) => s.pValue)).toEqual(stratifiedSrmTest(strata).strata.map((s) => s.pValue));
    expect(stratifiedSrmTest(strata, { alpha: 0.005 }).reject).toBe(false);
    expect(stratifiedSrmTest(strata, { alpha: 0.01 }).reject).toBe(true);
  });

  it('errors name the function and the rule', () => {
    expect(() => stratifiedSrmTest([])).toThrow(/^stratifiedSrmTest requires at least one stratum/);
    expect(() => stratifiedSrmTest([{ counts: [1, 2], shares: [1, 1] }], { previousPValue: 2 })).toThrow(
      /^stratifiedSrmTest requires previousPValue between 0 and 1/,
    );
  });
});

describe('estimateConfidenceSequence: the boundary of Howard et al. (2021) for any estimate and variance', () => {
  for (const c of reference.confidenceSequence) {
    it(`reproduces confidenceSequence for ${JSON.stringify(c.a)} vs ${JSON.stringify(c.b)}`, () => {
      const cs = confidenceSequence({ a: c.a, b: c.b, alpha: c.alpha, plannedSampleSize: c.plannedSampleSize, theta0: c.theta0 });
      const r = estimateConfidenceSequence({
        estimate: cs.estimate,
        variance: cs.standardError ** 2,
        n: c.a.n + c.b.n,
        alpha: c.alpha,
        plannedSampleSize: c.plannedSampleSize,
        theta0: c.theta0,
      });
      expect(r.estimate).toBe(cs.estimate);
      expect(r.rho).toBe(cs.rho);
      expect(r.reject).toBe(cs.reject);
      expectClose(r.standardError, cs.standardError, 1e-15);
      expectClose(r.confidenceInterval[0], cs.confidenceInterval[0], 1e-13, 1e-16, 'lo');
      expectClose(r.confidenceInterval[1], cs.confidenceInterval[1], 1e-13, 1e-16, 'hi');
      expectClose(r.pValue, cs.pValue, 1e-12, 0, 'pValue');
    });
  }

  for (const c of delta.estimateConfidenceSequence) {
    it(`closed form in Python: estimate ${c.estimate}, variance ${c.variance}, n ${c.n}, alpha ${c.alpha}, N* ${c.plannedSampleSize}`, () => {
      const r = estimateConfidenceSequence(c);
      expectClose(r.rho, c.rho, 1e-12, 0, 'rho');
      expectClose(r.confidenceInterval[0], c.confidenceInterval[0], 1e-10, 1e-14, 'lo');
      expectClose(r.confidenceInterval[1], c.confidenceInterval[1], 1e-10, 1e-14, 'hi');
      expectClose(r.pValue, c.pValue, 1e-9, 0, 'pValue');
      expect(r.reject).toBe(c.pValue <= c.alpha);
    });
  }

  it('zero variance is no evidence: p = 1 and the interval is [−bound, bound], still intersected with previous', () => {
    const r = estimateConfidenceSequence({ estimate: 0.2, variance: 0, n: 100 });
    expect(r.pValue).toBe(1);
    expect(r.reject).toBe(false);
    expect(r.standardError).toBe(0);
    expect(r.confidenceInterval).toEqual([Number.NEGATIVE_INFINITY, Number.POSITIVE_INFINITY]);
    expect(estimateConfidenceSequence({ estimate: 0.2, variance: 0, n: 100, bound: 1 }).confidenceInterval).toEqual([-1, 1]);
    const next = estimateConfidenceSequence({
      estimate: 0,
      variance: 0,
      n: 100,
      bound: 1,
      previous: { pValue: 0.2, confidenceInterval: [-0.3, 0.4] },
    });
    expect(next.pValue).toBe(0.2);
    expect(next.confidenceInterval).toEqual([-0.3, 0.4]);
  });

  it('errors name the function and the rule', () => {
    const ok = { estimate: 0, variance: 1, n: 10 };
    expect(() => estimateConfidenceSequence({ ...ok, estimate: Number.NaN })).toThrow(
      /^estimateConfidenceSequence requires a finite estimate/,
    );
    expect(() => estimateConfidenceSequence({ ...ok, variance: -1 })).toThrow(/^estimateConfidenceSequence requires variance/);
    expect(() => estimateConfidenceSequence({ ...ok, n: 0 })).toThrow(/^estimateConfidenceSequence requires n/);
    expect(() => estimateConfidenceSequence({ ...ok, alpha: 0 })).toThrow(/^estimateConfidenceSequence requires alpha/);
    expect(() => estimateConfidenceSequence({ ...ok, plannedSampleSize: -5 })).toThrow(
      /^estimateConfidenceSequence requires plannedSampleSize/,
    );
    expect(() => confidenceSequence({ a: { n: 10, mean: 0, variance: 1 }, b: { n: 10, mean: 0, variance: 1 }, alpha: 2 })).toThrow(
      /^confidenceSequence requires alpha/,
    );
  });
});
