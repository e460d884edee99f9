import { mannWhitneyU } from 'agentver/stats';
import { describe, expect, it } from 'vitest';
import { expectClose, reference } from './helpers.js';

describe('mannWhitneyU against scipy.stats.mannwhitneyu', () => {
  for (const c of reference.mannWhitneyU) {
    it(`m=${c.x.length} n=${c.y.length} ${c.alternative} exact=${c.exact} correct=${c.correct}`, () => {
      const r = mannWhitneyU(c.x, c.y, { alternative: c.alternative, exact: c.exact, correct: c.correct });
      expect(r.statistic).toBe(c.statistic);
      expectClose(r.pValue, c.pValue, 1e-9, 0, 'pValue');
    });
  }

  it("reproduces R's documented example: W = 35, p-value = 0.1272", () => {
    const x = [0.8, 0.83, 1.89, 1.04, 1.45, 1.38, 1.91, 1.64, 0.73, 1.46];
    const y = [1.15, 0.88, 0.9, 0.74, 1.21];
    const r = mannWhitneyU(x, y, { alternative: 'greater' });
    expect(r.statistic).toBe(35);
    expect(r.pValue.toPrecision(4)).toBe('0.1272');
    expect(r.exact).toBe(true);
  });

  it('uses the exact distribution below 50 per sample without ties, the normal approximation otherwise (R)', () => {
    expect(mannWhitneyU([1, 2, 3], [4, 5, 6.5]).exact).toBe(true);
    expect(mannWhitneyU([1, 2, 3], [3, 5, 6]).exact).toBe(false);
    const big = Array.from({ length: 50 }, (_, i) => i + 0.5);
    expect(mannWhitneyU(big, [1, 2, 3.25]).exact).toBe(false);
  });
});

describe('errors', () => {
  it('name the function and what is needed', () => {
    expect(() => mannWhitneyU([], [1])).toThrow(/^mannWhitneyU requires at least one observation in each sample/);
    expect(() => mannWhitneyU([1, Number.POSITIVE_INFINITY], [1])).toThrow(/^mannWhitneyU requires finite numbers/);
    expect(() => mannWhitneyU([1, 1], [1, 1])).toThrow(/^mannWhitneyU requires at least two distinct values/);
  });
});
