import { chiSquaredGoodnessOfFit, chiSquaredTest, fisherExactTest } from 'agentver/stats';
import { describe, expect, it } from 'vitest';
import { expectClose, reference } from './helpers.js';

describe('chiSquaredTest against scipy.stats.chi2_contingency', () => {
  for (const c of reference.chiSquaredTest) {
    it(`${JSON.stringify(c.table)} correct=${c.correct}`, () => {
      const r = chiSquaredTest(c.table, { correct: c.correct });
      expectClose(r.statistic, c.statistic, 1e-10, 1e-14, 'statistic');
      expect(r.df).toBe(c.df);
      expectClose(r.pValue, c.pValue, 1e-9, 0, 'pValue');
      r.expected.forEach((row, i) => {
        row.forEach((e, j) => {
          expectClose(e, c.expected[i][j], 1e-12);
        });
      });
    });
  }
  it("reproduces R's documented example: X-squared = 30.07, df = 2, p-value = 2.954e-07", () => {
    const r = chiSquaredTest([
      [762, 327, 468],
      [484, 239, 477],
    ]);
    expect(r.statistic.toFixed(2)).toBe('30.07');
    expect(r.pValue.toPrecision(4)).toBe('2.954e-7');
  });
});

describe('chiSquaredGoodnessOfFit against scipy.stats.chisquare', () => {
  for (const c of reference.chiSquaredGoodnessOfFit) {
    it(`${JSON.stringify(c.observed)} vs ${JSON.stringify(c.expected)}`, () => {
      const r = chiSquaredGoodnessOfFit(c.observed, c.expected ?? undefined);
      expectClose(r.statistic, c.statistic, 1e-10, 1e-14, 'statistic');
      expect(r.df).toBe(c.df);
      expectClose(r.pValue, c.pValue, 1e-9, 0, 'pValue');
      r.expected.forEach((e, i) => {
        expectClose(e, c.expectedCounts[i], 1e-12);
      });
    });
  }
  it('treats expected shares as probabilities or counts alike', () => {
    const a = chiSquaredGoodnessOfFit([30, 70], [0.25, 0.75]);
    const b = chiSquaredGoodnessOfFit([30, 70], [1, 3]);
    expectClose(a.statistic, b.statistic, 1e-14);
  });
});

describe('fisherExactTest against scipy.stats.fisher_exact and contingency.odds_ratio(kind="conditional")', () => {
  for (const c of reference.fisherExactTest) {
    it(`${JSON.stringify(c.table)} ${c.alternative}`, () => {
      const r = fisherExactTest(c.table, { alternative: c.alternative });
      expectClose(r.pValue, c.pValue, 1e-9, 0, 'pValue');
      expectClose(r.oddsRatio, c.oddsRatio, 1e-6, 0, 'oddsRatio');
    });
  }
  it("reproduces R's tea-tasting example: p-value = 0.4857, odds ratio 6.408309 (R's uniroot tolerance ~1e-4)", () => {
    const r = fisherExactTest([
      [3, 1],
      [1, 3],
    ]);
    expect(r.pValue.toPrecision(4)).toBe('0.4857');
    expectClose(r.oddsRatio, 6.408309, 1e-5);
    expect(
      fisherExactTest(
        [
          [3, 1],
          [1, 3],
        ],
        { alternative: 'greater' },
      ).pValue.toPrecision(4),
    ).toBe('0.2429');
  });
});

describe('errors', () => {
  it('name the function and what is needed', () => {
    expect(() => chiSquaredTest([[1, 2]])).toThrow(/^chiSquaredTest requires a table with at least two rows and two columns/);
    expect(() => chiSquaredTest([[1, 2], [3]])).toThrow(/^chiSquaredTest requires a table/);
    expect(() =>
      chiSquaredTest([
        [0, 0],
        [3, 4],
      ]),
    ).toThrow(/^chiSquaredTest requires every row and column to have a positive total/);
    expect(() =>
      chiSquaredTest([
        [-1, 2],
        [3, 4],
      ]),
    ).toThrow(/^chiSquaredTest requires non-negative counts/);
    expect(() => chiSquaredGoodnessOfFit([5])).toThrow(/^chiSquaredGoodnessOfFit requires at least two observed categories/);
    expect(() => chiSquaredGoodnessOfFit([5, 6], [1])).toThrow(/^chiSquaredGoodnessOfFit requires expected to have one share/);
    expect(() => chiSquaredGoodnessOfFit([5, 6], [1, 0])).toThrow(/^chiSquaredGoodnessOfFit requires positive expected shares/);
    expect(() =>
      fisherExactTest([
        [1, 2, 3],
        [4, 5, 6],
      ]),
    ).toThrow(/^fisherExactTest requires a 2 x 2 table/);
    expect(() =>
      fisherExactTest([
        [1.5, 2],
        [3, 4],
      ]),
    ).toThrow(/^fisherExactTest requires non-negative integer counts/);
  });
});
