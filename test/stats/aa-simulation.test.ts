import {
  chiSquaredGoodnessOfFit,
  chiSquaredTest,
  fisherExactTest,
  mannWhitneyU,
  proportionsTest,
  studentTTest,
  welchTTest,
} from 'agentver/stats';
import { describe, expect, it } from 'vitest';
import { binomial, mulberry32, normalGenerator } from './helpers.js';

/**
 * A/A simulations: 2,000 comparisons with no true difference must reject at α = 0.05 about 5% of
 * the time. The bounds 4–6% are ±2 Monte-Carlo standard errors (SE = √(0.05·0.95/2000) ≈ 0.49%).
 * Fisher's exact test and Yates-corrected tests are conservative by construction (they condition
 * on, or correct for, the discreteness of counts), so only an upper bound applies to them.
 */
const runs = 2000;
const alpha = 0.05;

function rate(seed: number, trial: (uniform: () => number, normal: () => number) => number): number {
  const uniform = mulberry32(seed);
  const normal = normalGenerator(uniform);
  let rejected = 0;
  for (let i = 0; i < runs; i++) if (trial(uniform, normal) <= alpha) rejected++;
  return rejected / runs;
}

function sample(normal: () => number, n: number, mean: number, sd: number): number[] {
  return Array.from({ length: n }, () => mean + sd * normal());
}

describe('A/A false-positive rates at α = 0.05 (2,000 simulated comparisons each)', () => {
  it('welchTTest: unequal variances and sizes', () => {
    const r = rate(1, (_, normal) => welchTTest(sample(normal, 20, 5, 1), sample(normal, 35, 5, 3)).pValue);
    expect(r).toBeGreaterThanOrEqual(0.04);
    expect(r).toBeLessThanOrEqual(0.06);
  });

  it('studentTTest: equal variances', () => {
    const r = rate(2, (_, normal) => studentTTest(sample(normal, 25, 0, 1), sample(normal, 25, 0, 1)).pValue);
    expect(r).toBeGreaterThanOrEqual(0.04);
    expect(r).toBeLessThanOrEqual(0.06);
  });

  it('proportionsTest without continuity correction', () => {
    const r = rate(3, (uniform) => {
      return proportionsTest([binomial(uniform, 400, 0.2), binomial(uniform, 400, 0.2)], [400, 400], {
        correct: false,
      }).pValue;
    });
    expect(r).toBeGreaterThanOrEqual(0.04);
    expect(r).toBeLessThanOrEqual(0.06);
  });

  it('proportionsTest with Yates correction (conservative: at most 6%)', () => {
    const r = rate(4, (uniform) => {
      return proportionsTest([binomial(uniform, 400, 0.2), binomial(uniform, 400, 0.2)], [400, 400]).pValue;
    });
    expect(r).toBeLessThanOrEqual(0.06);
  });

  it('mannWhitneyU: exact distribution (no ties)', () => {
    const r = rate(5, (_, normal) => mannWhitneyU(sample(normal, 15, 0, 1), sample(normal, 20, 0, 1)).pValue);
    expect(r).toBeGreaterThanOrEqual(0.04);
    expect(r).toBeLessThanOrEqual(0.06);
  });

  it('mannWhitneyU: normal approximation (n ≥ 50)', () => {
    const r = rate(6, (_, normal) => mannWhitneyU(sample(normal, 60, 0, 1), sample(normal, 70, 0, 1)).pValue);
    expect(r).toBeGreaterThanOrEqual(0.04);
    expect(r).toBeLessThanOrEqual(0.06);
  });

  it('chiSquaredTest: 2 × 3 table (no correction applies)', () => {
    const probs = [0.2, 0.3, 0.5];
    const row = (uniform: () => number) => {
      const counts = [0, 0, 0];
      for (let i = 0; i < 300; i++) {
        const u = uniform();
        const k = u < (probs[0] as number) ? 0 : u < (probs[0] as number) + (probs[1] as number) ? 1 : 2;
        counts[k] = (counts[k] as number) + 1;
      }
      return counts;
    };
    const r = rate(7, (uniform) => chiSquaredTest([row(uniform), row(uniform)]).pValue);
    expect(r).toBeGreaterThanOrEqual(0.04);
    expect(r).toBeLessThanOrEqual(0.06);
  });

  it('chiSquaredTest: 2 × 2 table without correction', () => {
    const r = rate(8, (uniform) => {
      const x = binomial(uniform, 300, 0.3);
      const y = binomial(uniform, 300, 0.3);
      return chiSquaredTest(
        [
          [x, 300 - x],
          [y, 300 - y],
        ],
        { correct: false },
      ).pValue;
    });
    expect(r).toBeGreaterThanOrEqual(0.04);
    expect(r).toBeLessThanOrEqual(0.06);
  });

  it('chiSquaredGoodnessOfFit: sample-ratio-mismatch check of a 50/50 split', () => {
    const r = rate(9, (uniform) => {
      const a = binomial(uniform, 2000, 0.5);
      return chiSquaredGoodnessOfFit([a, 2000 - a]).pValue;
    });
    expect(r).toBeGreaterThanOrEqual(0.04);
    expect(r).toBeLessThanOrEqual(0.06);
  });

  it('fisherExactTest (conservative: at most 6%)', () => {
    const r = rate(10, (uniform) => {
      const x = binomial(uniform, 60, 0.3);
      const y = binomial(uniform, 60, 0.3);
      return fisherExactTest([
        [x, 60 - x],
        [y, 60 - y],
      ]).pValue;
    });
    expect(r).toBeLessThanOrEqual(0.06);
    expect(r).toBeGreaterThan(0.01);
  });
});
