import { studentTTest, welchTTest } from 'agentver/stats';
import { describe, expect, it } from 'vitest';
import { expectClose, reference } from './helpers.js';

type Case = {
  name: string;
  a: number[];
  b: number[];
  equalVariance: boolean;
  alternative: 'two-sided' | 'less' | 'greater';
  mu: number;
  confidence: number;
  statistic: number;
  df: number;
  pValue: number;
  confidenceInterval: [number | string, number | string];
  estimate: number;
};

const cases: Case[] = reference.tTests;

function moments(xs: number[]) {
  const n = xs.length;
  const mean = xs.reduce((s, v) => s + v, 0) / n;
  const variance = xs.reduce((s, v) => s + (v - mean) ** 2, 0) / (n - 1);
  const sum = xs.reduce((s, v) => s + v, 0);
  const sumSquares = xs.reduce((s, v) => s + v * v, 0);
  return { mv: { n, mean, variance }, ss: { n, sum, sumSquares } };
}

describe('welchTTest and studentTTest against scipy.stats.ttest_ind', () => {
  for (const c of cases) {
    it(c.name, () => {
      const test = c.equalVariance ? studentTTest : welchTTest;
      const options = { alternative: c.alternative, mu: c.mu, confidence: c.confidence };
      const ma = moments(c.a);
      const mb = moments(c.b);
      const inputs: [string, Parameters<typeof welchTTest>[0], Parameters<typeof welchTTest>[1], number][] = [
        ['raw', c.a, c.b, 1e-10],
        ['mean/variance', ma.mv, mb.mv, 1e-9],
        ['sum/sumSquares', ma.ss, mb.ss, 1e-6],
      ];
      for (const [label, a, b, rel] of inputs) {
        const r = test(a, b, options);
        expectClose(r.statistic, c.statistic, rel, 0, `${label} statistic`);
        expectClose(r.df, c.df, rel, 0, `${label} df`);
        expectClose(r.pValue, c.pValue, Math.max(rel, 1e-9), 0, `${label} pValue`);
        expectClose(r.confidenceInterval[0], c.confidenceInterval[0], rel, 1e-12, `${label} ci lo`);
        expectClose(r.confidenceInterval[1], c.confidenceInterval[1], rel, 1e-12, `${label} ci hi`);
        expectClose(r.estimate, c.estimate, rel, 1e-12, `${label} estimate`);
      }
    });
  }
});

describe("R's documented example (sleep data)", () => {
  const g1 = [0.7, -1.6, -0.2, -1.2, -0.1, 3.4, 3.7, 0.8, 0, 2];
  const g2 = [1.9, 0.8, 1.1, 0.1, -0.1, 4.4, 5.5, 1.6, 4.6, 3.4];
  it('t.test(extra ~ group, data = sleep): t = -1.8608, df = 17.776, p-value = 0.07939', () => {
    const r = welchTTest(g1, g2);
    expectClose(r.statistic, -1.860813, 1e-6);
    expectClose(r.df, 17.77647, 1e-6);
    expectClose(r.pValue, 0.07939414, 1e-6);
    expectClose(r.confidenceInterval[0], -3.3654832, 1e-7);
    expectClose(r.confidenceInterval[1], 0.2054832, 1e-6);
  });
});

describe('errors', () => {
  it('name the function and what is needed', () => {
    expect(() => welchTTest([1], [1, 2, 3])).toThrow(/^welchTTest requires at least two observations in each sample/);
    expect(() => studentTTest([1], [2])).toThrow(/^studentTTest requires at least three observations in total/);
    expect(() => welchTTest([1, 1, 1], [2, 2, 2])).toThrow(/^welchTTest requires data that are not essentially constant/);
    expect(() => welchTTest([1, Number.NaN], [1, 2])).toThrow(TypeError);
    expect(() => welchTTest([1, 2], [1, 2], { alternative: 'up' as never })).toThrow(/^welchTTest requires alternative/);
    expect(() => welchTTest([1, 2], [1, 3], { confidence: 1 })).toThrow(/^welchTTest requires confidence/);
    expect(() => studentTTest({ n: 3, mean: 1, variance: -1 }, [1, 2])).toThrow(/^studentTTest requires a.variance/);
    expect(() => studentTTest({ n: 0, sum: 1, sumSquares: 1 }, [1, 2])).toThrow(/^studentTTest requires a.n/);
    expect(() => welchTTest({ n: 3 } as never, [1, 2])).toThrow(/^welchTTest requires a to have/);
  });
});
