import { confidenceSequence, sequentialTest, srmTest, varianceFromSums, wilsonInterval, winsorizedSums } from 'agentver/stats';
import { describe, expect, it } from 'vitest';
import { expectClose, reference } from './helpers.js';

describe('srmTest against the Dirichlet–multinomial closed form (scipy.special.gammaln) and ssrm', () => {
  for (const c of reference.srmTest) {
    it(`shares ${JSON.stringify(c.shares)}, c = ${c.concentration}, ${c.looks.length} looks (ssrm_test.sequential_p_values: ${c.checkedWithSsrm})`, () => {
      let previousPValue: number | undefined;
      for (const look of c.looks) {
        const r = srmTest(look.counts, c.shares, {
          concentration: c.concentration,
          ...(previousPValue === undefined ? {} : { previousPValue }),
        });
        expectClose(r.logBayesFactor, look.logBayesFactor, 1e-9, 1e-9, 'logBayesFactor');
        expectClose(r.pValue, look.pValue, 1e-9, 0, 'pValue');
        previousPValue = r.pValue;
      }
    });
  }

  it('normalizes weights, reports shares, and rejects at alpha', () => {
    const r = srmTest([5520, 480], [90, 10], { alpha: 0.01 });
    expect(r.expectedShares).toEqual([0.9, 0.1]);
    expect(r.observedShares).toEqual([0.92, 0.08]);
    expect(r.reject).toBe(true);
    expect(srmTest([5520, 480], [0.9, 0.1], { alpha: 0.001 }).reject).toBe(false);
    expect(srmTest([0, 0], [1, 1]).pValue).toBe(1);
  });

  it('errors name the function and the rule', () => {
    expect(() => srmTest([1], [1])).toThrow(/^srmTest requires counts and shares of the same length/);
    expect(() => srmTest([1, 2.5], [1, 1])).toThrow(/^srmTest requires counts to be non-negative integers/);
    expect(() => srmTest([1, 2], [1, 0])).toThrow(/^srmTest requires shares to be finite positive numbers/);
    expect(() => srmTest([1, 2], [1, 1], { concentration: 0 })).toThrow(/^srmTest requires concentration/);
    expect(() => srmTest([1, 2], [1, 1], { previousPValue: 2 })).toThrow(/^srmTest requires previousPValue/);
  });
});

describe('confidenceSequence against the closed-form boundary of Howard et al. (2021) in Python', () => {
  for (const c of reference.confidenceSequence) {
    it(`${JSON.stringify(c.a)} vs ${JSON.stringify(c.b)} alpha=${c.alpha} N*=${c.plannedSampleSize}`, () => {
      const r = confidenceSequence({ a: c.a, b: c.b, alpha: c.alpha, plannedSampleSize: c.plannedSampleSize, theta0: c.theta0 });
      expectClose(r.estimate, c.estimate, 1e-12, 1e-15, 'estimate');
      expectClose(r.standardError, c.standardError, 1e-12, 0, 'standardError');
      expectClose(r.rho, c.rho, 1e-12, 0, 'rho');
      expectClose(r.confidenceInterval[0], c.confidenceInterval[0], 1e-10, 1e-14, 'lo');
      expectClose(r.confidenceInterval[1], c.confidenceInterval[1], 1e-10, 1e-14, 'hi');
      expectClose(r.pValue, c.pValue, 1e-9, 0, 'pValue');
      expect(r.reject).toBe(c.pValue <= c.alpha);
    });
  }

  it('rejects exactly when its interval excludes theta0 (the p-value inverts the interval)', () => {
    for (const mean of [1.05, 1.1, 1.15, 1.2, 1.25, 1.3, 1.4]) {
      const r = confidenceSequence({ a: { n: 300, mean, variance: 2 }, b: { n: 3000, mean: 1, variance: 2 } });
      expect(r.reject, `mean ${mean}`).toBe(r.confidenceInterval[0] > 0);
    }
  });

  it('is wider than the fixed-horizon interval and carries previous looks', () => {
    const a = { n: 1000, successes: 700 };
    const b = { n: 9000, successes: 6300 };
    const r = confidenceSequence({ a, b });
    expect(r.confidenceInterval[1] - r.estimate).toBeGreaterThan(1.96 * r.standardError);
    const next = confidenceSequence({ a, b, previous: { pValue: 0.01, confidenceInterval: [-0.01, 0.02] } });
    expect(next.pValue).toBe(0.01);
    expect(next.confidenceInterval[0]).toBe(-0.01);
    expect(next.confidenceInterval[1]).toBe(0.02);
  });

  it('no successes in either arm: p = 1 and the interval [−1, 1]', () => {
    const r = confidenceSequence({ a: { n: 5, successes: 0 }, b: { n: 50, successes: 0 } });
    expect(r.pValue).toBe(1);
    expect(r.reject).toBe(false);
    expect(r.confidenceInterval).toEqual([-1, 1]);
  });

  it('errors name the function and the rule', () => {
    const a = { n: 10, mean: 1, variance: 1 };
    expect(() => confidenceSequence({ a, b: a, alpha: 1 })).toThrow(/^confidenceSequence requires alpha strictly between 0 and 1/);
    expect(() => confidenceSequence({ a, b: a, plannedSampleSize: -5 })).toThrow(/^confidenceSequence requires plannedSampleSize/);
    expect(() => confidenceSequence({ a: { n: 3, successes: 4 }, b: a })).toThrow(/^confidenceSequence requires a.successes/);
  });
});

describe('wilsonInterval against statsmodels proportion_confint(method="wilson")', () => {
  for (const c of reference.wilsonInterval) {
    it(`${c.successes}/${c.trials} at ${c.confidence}`, () => {
      const [lo, hi] = wilsonInterval(c.successes, c.trials, c.confidence);
      expectClose(lo, c.interval[0], 1e-9, 1e-15, 'lo');
      expectClose(hi, c.interval[1], 1e-9, 1e-15, 'hi');
    });
  }
  it('errors name the function and the rule', () => {
    expect(() => wilsonInterval(1, 0)).toThrow(/^wilsonInterval requires trials/);
    expect(() => wilsonInterval(3, 2)).toThrow(/^wilsonInterval requires successes between 0 and trials/);
    expect(() => wilsonInterval(1, 2, 1)).toThrow(/^wilsonInterval requires confidence/);
  });
});

describe('varianceFromSums against numpy.var(x, ddof=1)', () => {
  for (const c of reference.varianceFromSums) {
    it(`n = ${c.n}, mean ≈ ${(c.sum / c.n).toPrecision(4)}`, () => {
      expectClose(varianceFromSums({ n: c.n, sum: c.sum, sumSquares: c.sumSquares }), c.variance, 1e-6, 1e-15);
    });
  }
  it('is 0 (never negative) for a constant sample whose sums round', () => {
    const x = 0.1;
    const n = 3;
    expect(varianceFromSums({ n, sum: x + x + x, sumSquares: x * x + x * x + x * x })).toBeGreaterThanOrEqual(0);
  });
  it('errors name the function and the rule', () => {
    expect(() => varianceFromSums({ n: 1, sum: 1, sumSquares: 1 })).toThrow(
      /^varianceFromSums requires n to be a finite number of at least 2/,
    );
    expect(() => varianceFromSums({ n: 3, sum: 1, sumSquares: -1 })).toThrow(/^varianceFromSums requires sumSquares/);
  });
});

describe('winsorizedSums', () => {
  it('caps every arm at the pooled percentile (simple-statistics quantile) and sums the capped values', () => {
    // pooled [1, 2, 2, 3, 3, 100]: the 0.8 quantile at position 4.8 → nearest rank 5 → 3
    expect(
      winsorizedSums(
        [
          [1, 2, 3, 100],
          [2, 3],
        ],
        0.8,
      ),
    ).toEqual({
      cap: 3,
      arms: [
        { n: 4, sum: 9, sumSquares: 23 },
        { n: 2, sum: 5, sumSquares: 13 },
      ],
    });
    // percentile 1 is the maximum: nothing changes
    expect(winsorizedSums([[1, 5]], 1).arms[0]).toEqual({ n: 2, sum: 6, sumSquares: 26 });
  });
  it('errors name the function and the rule', () => {
    expect(() => winsorizedSums([[1]], 0)).toThrow(/^winsorizedSums requires percentile in \(0, 1\]/);
    expect(() => winsorizedSums([[], []])).toThrow(/^winsorizedSums requires at least one value/);
  });
});

describe('sequentialTest variance: the larger of Welch and pooled', () => {
  it('uses the pooled variance when the small arm has the smaller variance', () => {
    const a = { n: 20, mean: 1, variance: 0.5 };
    const b = { n: 200, mean: 1.5, variance: 4 };
    const r = sequentialTest({ a, b, tau: 0.5 });
    const pooled = ((19 * 0.5 + 199 * 4) / 218) * (1 / 20 + 1 / 200);
    const s2 = Math.max(pooled, 0.5 / 20 + 4 / 200);
    expect(s2).toBe(pooled);
    const lambda = Math.sqrt(s2 / (s2 + 0.25)) * Math.exp((0.25 * 0.25) / (2 * s2 * (s2 + 0.25)));
    expectClose(r.statistic, lambda, 1e-12);
  });
});
