import { type SequentialTestResult, sequentialTest, welchTTest } from 'agentver/stats';
import { describe, expect, it } from 'vitest';
import { expectClose, monteCarloSe, mulberry32, normalGenerator, reference } from './helpers.js';

describe('sequentialTest (mSPRT) against the closed form of Johari et al. (2017)', () => {
  for (const c of reference.sequentialTest) {
    it(`${JSON.stringify(c.a)} vs ${JSON.stringify(c.b)} tau=${c.tau}`, () => {
      const r = sequentialTest({ a: c.a, b: c.b, tau: c.tau, alpha: c.alpha });
      expectClose(r.statistic, c.statistic, 1e-12, 0, 'statistic');
      expectClose(r.pValue, c.pValue, 1e-12, 0, 'pValue');
      expectClose(r.confidenceInterval[0], c.confidenceInterval[0], 1e-12, 1e-15, 'ci lo');
      expectClose(r.confidenceInterval[1], c.confidenceInterval[1], 1e-12, 1e-15, 'ci hi');
      expectClose(r.estimate, c.estimate, 1e-12, 1e-15, 'estimate');
      expect(r.reject).toBe(c.pValue <= c.alpha);
    });
  }

  it('carries the running minimum p-value and intersects intervals', () => {
    const first = sequentialTest({ a: { n: 100, mean: 0.5, variance: 1 }, b: { n: 100, mean: 0, variance: 1 }, tau: 0.3 });
    const second = sequentialTest({
      a: { n: 200, mean: 0.1, variance: 1 },
      b: { n: 200, mean: 0, variance: 1 },
      tau: 0.3,
      previous: first,
    });
    const alone = sequentialTest({ a: { n: 200, mean: 0.1, variance: 1 }, b: { n: 200, mean: 0, variance: 1 }, tau: 0.3 });
    expect(second.pValue).toBe(Math.min(first.pValue, alone.pValue));
    expect(second.confidenceInterval[0]).toBe(Math.max(first.confidenceInterval[0], alone.confidenceInterval[0]));
    expect(second.confidenceInterval[1]).toBe(Math.min(first.confidenceInterval[1], alone.confidenceInterval[1]));
  });

  it('accepts { n, successes } for proportions (variance p(1 − p)) and Σx/Σx² summaries', () => {
    const viaSuccesses = sequentialTest({ a: { n: 1000, successes: 120 }, b: { n: 1000, successes: 100 }, tau: 0.02 });
    const viaMoments = sequentialTest({
      a: { n: 1000, mean: 0.12, variance: 0.12 * 0.88 },
      b: { n: 1000, mean: 0.1, variance: 0.1 * 0.9 },
      tau: 0.02,
    });
    expectClose(viaSuccesses.statistic, viaMoments.statistic, 1e-12);
    const raw = [1, 2, 3, 4, 5.5];
    const sums = { n: 5, sum: 15.5, sumSquares: raw.reduce((s, v) => s + v * v, 0) };
    expectClose(sequentialTest({ a: raw, b: [2, 2, 3, 1] }).statistic, sequentialTest({ a: sums, b: [2, 2, 3, 1] }).statistic, 1e-10);
  });
});

/**
 * Daily monitoring of A/A experiments: 20 looks, 100 new observations per arm per day, stop at
 * the first rejection. The always-valid test must keep the chance of ever rejecting at or under
 * α (plus Monte-Carlo error) — while a fixed-horizon Welch test checked every day does not.
 */
describe('A/A simulation with 20 daily looks', () => {
  const experiments = 2000;
  const looks = 20;
  const perDay = 100;
  const alpha = 0.05;
  const limit = alpha + 2 * monteCarloSe(alpha, experiments);

  it('normal metric: the mSPRT rejects at or under α at every look; naive daily Welch tests do not', () => {
    const normal = normalGenerator(mulberry32(20250101));
    const everRejected = new Array<number>(looks).fill(0);
    let naiveRejected = 0;
    for (let e = 0; e < experiments; e++) {
      const sums = [0, 0];
      const squares = [0, 0];
      let previous: SequentialTestResult | undefined;
      let naive = false;
      for (let look = 0; look < looks; look++) {
        for (let arm = 0; arm < 2; arm++) {
          for (let i = 0; i < perDay; i++) {
            const v = 10 + 2 * normal();
            sums[arm] = (sums[arm] as number) + v;
            squares[arm] = (squares[arm] as number) + v * v;
          }
        }
        const n = (look + 1) * perDay;
        const a = { n, sum: sums[0] as number, sumSquares: squares[0] as number };
        const b = { n, sum: sums[1] as number, sumSquares: squares[1] as number };
        previous = sequentialTest({ a, b, tau: 0.2, alpha, ...(previous ? { previous } : {}) });
        if (previous.reject) everRejected[look] = (everRejected[look] as number) + 1;
        if (!naive && welchTTest(a, b).pValue <= alpha) naive = true;
      }
      if (naive) naiveRejected++;
    }
    for (let look = 0; look < looks; look++) {
      expect((everRejected[look] as number) / experiments, `look ${look + 1}`).toBeLessThanOrEqual(limit);
    }
    // Peeking at a fixed-horizon test 20 times inflates its false-positive rate far beyond α.
    expect(naiveRejected / experiments).toBeGreaterThan(0.15);
  });

  it('conversion metric given as { n, successes }: rejects at or under α at every look', () => {
    const uniform = mulberry32(777);
    const everRejected = new Array<number>(looks).fill(0);
    for (let e = 0; e < experiments; e++) {
      const successes = [0, 0];
      let previous: SequentialTestResult | undefined;
      for (let look = 0; look < looks; look++) {
        for (let arm = 0; arm < 2; arm++) {
          for (let i = 0; i < perDay; i++) if (uniform() < 0.1) successes[arm] = (successes[arm] as number) + 1;
        }
        const n = (look + 1) * perDay;
        previous = sequentialTest({
          a: { n, successes: successes[0] as number },
          b: { n, successes: successes[1] as number },
          tau: 0.02,
          alpha,
          ...(previous ? { previous } : {}),
        });
        if (previous.reject) everRejected[look] = (everRejected[look] as number) + 1;
      }
    }
    for (let look = 0; look < looks; look++) {
      expect((everRejected[look] as number) / experiments, `look ${look + 1}`).toBeLessThanOrEqual(limit);
    }
  });

  it('still detects a real difference', () => {
    const normal = normalGenerator(mulberry32(99));
    let rejected = 0;
    const runs = 200;
    for (let e = 0; e < runs; e++) {
      const sums = [0, 0];
      const squares = [0, 0];
      let previous: SequentialTestResult | undefined;
      for (let look = 0; look < looks && !previous?.reject; look++) {
        for (let arm = 0; arm < 2; arm++) {
          for (let i = 0; i < perDay; i++) {
            const v = (arm === 0 ? 0.25 : 0) + normal();
            sums[arm] = (sums[arm] as number) + v;
            squares[arm] = (squares[arm] as number) + v * v;
          }
        }
        const n = (look + 1) * perDay;
        previous = sequentialTest({
          a: { n, sum: sums[0] as number, sumSquares: squares[0] as number },
          b: { n, sum: sums[1] as number, sumSquares: squares[1] as number },
          tau: 0.25,
          ...(previous ? { previous } : {}),
        });
      }
      if (previous?.reject) rejected++;
    }
    expect(rejected / runs).toBeGreaterThan(0.8);
  });
});

describe('no evidence yet', () => {
  it('both arms with 0 successes: p = 1, no rejection, the interval is all differences of rates', () => {
    const r = sequentialTest({ a: { n: 10, successes: 0 }, b: { n: 30, successes: 0 } });
    expect(r.pValue).toBe(1);
    expect(r.reject).toBe(false);
    expect(r.confidenceInterval).toEqual([-1, 1]);
  });
  it('keeps the previous look when this one has no variance', () => {
    const previous = { pValue: 0.2, confidenceInterval: [-0.5, 0.25] as const };
    const r = sequentialTest({ a: { n: 10, successes: 10 }, b: { n: 10, successes: 10 }, previous });
    expect(r.pValue).toBe(0.2);
    expect(r.confidenceInterval).toEqual([-0.5, 0.25]);
  });
});

describe('errors', () => {
  it('name the function and what is needed', () => {
    const a = { n: 10, mean: 1, variance: 1 };
    expect(() => sequentialTest({ a, b: a, tau: -1 })).toThrow(/^sequentialTest requires tau to be a finite positive number/);
    expect(() => sequentialTest({ a, b: a, alpha: 0 })).toThrow(/^sequentialTest requires alpha strictly between 0 and 1/);
    expect(() => sequentialTest({ a: { n: 10, successes: 11 }, b: a })).toThrow(/^sequentialTest requires a.successes/);
    expect(() => sequentialTest({ a, b: a, previous: { pValue: 2, confidenceInterval: [0, 1] } })).toThrow(
      /^sequentialTest requires previous/,
    );
  });
});
