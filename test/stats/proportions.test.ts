import { proportionsTest } from 'agentver/stats';
import { describe, expect, it } from 'vitest';
import { expectClose, reference } from './helpers.js';

describe('proportionsTest against R prop.test formulas (X-squared from scipy chi2_contingency)', () => {
  for (const c of reference.proportionsTest) {
    const name = `x=${c.successes} n=${c.trials} correct=${c.correct} ${c.alternative} conf=${c.confidence} p=${c.p}`;
    it(name, () => {
      const r = proportionsTest(c.successes, c.trials, {
        correct: c.correct,
        alternative: c.alternative,
        confidence: c.confidence,
        ...(c.p === null ? {} : { p: c.p }),
      });
      expectClose(r.statistic, c.statistic, 1e-9, 1e-12, 'statistic');
      expect(r.df).toBe(c.df);
      expectClose(r.pValue, c.pValue, 1e-9, 0, 'pValue');
      r.estimate.forEach((e, i) => {
        expectClose(e, c.estimate[i], 1e-12, 0, 'estimate');
      });
      if (c.confidenceInterval === null) {
        expect(r.confidenceInterval).toBeUndefined();
      } else {
        expectClose(r.confidenceInterval?.[0] ?? Number.NaN, c.confidenceInterval[0], 1e-9, 1e-12, 'ci lo');
        expectClose(r.confidenceInterval?.[1] ?? Number.NaN, c.confidenceInterval[1], 1e-9, 1e-12, 'ci hi');
      }
    });
  }

  it("reproduces R's documented smokers example: X-squared = 12.6, df = 3, p-value = 0.005585", () => {
    const r = proportionsTest([83, 90, 129, 70], [86, 93, 136, 82]);
    expect(r.statistic.toFixed(1)).toBe('12.6');
    expect(r.df).toBe(3);
    expect(r.pValue.toPrecision(4)).toBe('0.005585');
  });
});

describe('errors', () => {
  it('name the function and what is needed', () => {
    expect(() => proportionsTest([1, 2], [10])).toThrow(/^proportionsTest requires successes and trials of the same/);
    expect(() => proportionsTest([11], [10])).toThrow(/^proportionsTest requires positive trials and 0 <= successes/);
    expect(() => proportionsTest([1, 2, 3], [10, 10, 10], { alternative: 'less' })).toThrow(
      /^proportionsTest requires alternative 'two-sided' for more than two groups/,
    );
    expect(() => proportionsTest([0, 0], [10, 10])).toThrow(/^proportionsTest requires at least one success and one failure/);
    expect(() => proportionsTest([1, 2], [10, 10], { p: 0.3 })).toThrow(/^proportionsTest supports the null proportion p only/);
    expect(() => proportionsTest([1], [10], { p: 1 })).toThrow(/^proportionsTest requires the null proportion p/);
  });
});
