import { readFileSync } from 'node:fs';
import { type CovariateRatioSummary, cupedMoments, ratioMoments } from 'agentver/stats';
import { describe, expect, it } from 'vitest';
import { mulberry32, normalGenerator } from '../../src/demo/seeded-random.js';
import { expectClose } from './helpers.js';

/**
 * Vectors written by scripts/reference/make_cuped_vectors.py: units made one by one, θ and the
 * adjusted difference from statsmodels' OLS on the units (and, for one value a unit, OLS
 * `outcome ~ arm + history` itself), each arm's variance of l − θ·m from numpy.
 */
// biome-ignore lint/suspicious/noExplicitAny: JSON fixture
const fixture: any = JSON.parse(readFileSync(new URL('./fixtures/cuped.json', import.meta.url), 'utf8'));

/** The sums of cupedMoments from per-unit (x, y, u, v). */
function sumsOf(units: readonly (readonly [number, number, number, number])[]): CovariateRatioSummary {
  const s = (pick: (u: readonly [number, number, number, number]) => number) => units.reduce((t, u) => t + pick(u), 0);
  return {
    n: units.length,
    sumNum: s(([x]) => x),
    sumDen: s(([, y]) => y),
    sumNumSquares: s(([x]) => x * x),
    sumDenSquares: s(([, y]) => y * y),
    sumNumDen: s(([x, y]) => x * y),
    sumPreNum: s(([, , u]) => u),
    sumPreDen: s(([, , , v]) => v),
    sumPreNumSquares: s(([, , u]) => u * u),
    sumPreDenSquares: s(([, , , v]) => v * v),
    sumPreNumPreDen: s(([, , u, v]) => u * v),
    sumNumPreNum: s(([x, , u]) => x * u),
    sumNumPreDen: s(([x, , , v]) => x * v),
    sumDenPreNum: s(([, y, u]) => y * u),
    sumDenPreDen: s(([, y, , v]) => y * v),
  };
}

describe('cupedMoments', () => {
  for (const c of fixture.cases) {
    it(`agrees with the per-unit reference: ${c.name}`, () => {
      const r = cupedMoments(c.a, c.b);
      expectClose(r.theta, c.theta, 1e-9, 1e-12, 'theta');
      expectClose(r.a.mean, c.aMean, 1e-9, 1e-12, 'a mean');
      expectClose(r.b.mean, c.bMean, 1e-9, 1e-12, 'b mean');
      expectClose(r.a.mean - r.b.mean, c.difference, 1e-8, 1e-12, 'difference');
      expectClose(r.a.variance, c.aVariance, 1e-8, 0, 'a variance');
      expectClose(r.b.variance, c.bVariance, 1e-8, 0, 'b variance');
      expectClose(r.unadjusted.a.variance, c.aUnadjustedVariance, 1e-8, 0, 'a unadjusted');
      expect(r.unadjusted.a).toEqual(ratioMoments(c.a));
      if (c.olsSlope !== undefined) {
        // one value a unit: CUPED with a pooled slope is OLS outcome ~ arm + history
        expectClose(r.theta, c.olsSlope, 1e-9, 0, 'OLS slope');
        expectClose(r.a.mean - r.b.mean, c.olsArmCoefficient, 1e-9, 0, 'OLS arm coefficient');
      }
      expect(r.a.variance).toBeLessThan(r.unadjusted.a.variance);
    });
  }

  it('leaves arms unadjusted without history, or with history that does not vary', () => {
    const a = sumsOf([
      [1, 2, 0, 0],
      [0, 1, 0, 0],
      [3, 3, 0, 0],
    ]);
    const b = sumsOf([
      [1, 1, 0, 0],
      [2, 4, 0, 0],
    ]);
    const none = cupedMoments(a, b);
    expect(none).toMatchObject({ theta: 0, a: ratioMoments(a), b: ratioMoments(b) });
    // every unit's history on the arm's own ratio: m = 0 everywhere
    const flat = cupedMoments(
      sumsOf([
        [1, 2, 1, 2],
        [0, 1, 1, 2],
      ]),
      sumsOf([
        [1, 1, 2, 4],
        [2, 4, 1, 2],
      ]),
    );
    expect(flat.theta).toBe(0);
  });

  it('refuses sums that are not finite numbers, naming the field', () => {
    const a = fixture.cases[0].a;
    expect(() => cupedMoments({ ...a, sumPreNum: Number.NaN }, a)).toThrow(/a\.sumPreNum to be a finite number/);
    expect(() => cupedMoments(a, { ...a, sumPreDen: -1 })).toThrow(/b's history/);
    expect(() => cupedMoments(a, null as unknown as CovariateRatioSummary)).toThrow(/b to be a summary object/);
  });

  it('is unbiased and its 95% interval covers in a seeded A/A of clustered units with 80% history', () => {
    const uniform = mulberry32(7);
    const normal = normalGenerator(uniform);
    const trials = 400;
    let covered = 0;
    let plainCovered = 0;
    let sumDiff = 0;
    let ratio = 0;
    for (let t = 0; t < trials; t++) {
      const arm = (n: number) =>
        Array.from({ length: n }, (): [number, number, number, number] => {
          // a unit's own propensity drives its runs before and in the canary
          const p = Math.min(0.98, Math.max(0.02, 0.7 + 0.25 * normal()));
          const runs = 1 + Math.floor(-Math.log(1 - uniform()) * 6);
          const pre = uniform() < 0.8 ? 1 + Math.floor(-Math.log(1 - uniform()) * 6) : 0;
          let x = 0;
          for (let r = 0; r < runs; r++) x += uniform() < p ? 1 : 0;
          let u = 0;
          for (let r = 0; r < pre; r++) u += uniform() < p ? 1 : 0;
          return [x, runs, u, pre];
        });
      const r = cupedMoments(sumsOf(arm(200)), sumsOf(arm(1800)));
      const diff = r.a.mean - r.b.mean;
      const se = Math.sqrt(r.a.variance / r.a.n + r.b.variance / r.b.n);
      const plain = r.unadjusted.a.mean - r.unadjusted.b.mean;
      const plainSe = Math.sqrt(r.unadjusted.a.variance / r.a.n + r.unadjusted.b.variance / r.b.n);
      sumDiff += diff;
      covered += Math.abs(diff) <= 1.959964 * se ? 1 : 0;
      plainCovered += Math.abs(plain) <= 1.959964 * plainSe ? 1 : 0;
      ratio += (se * se) / (plainSe * plainSe) / trials;
    }
    const coverageSe = Math.sqrt((0.95 * 0.05) / trials);
    expect(covered / trials).toBeGreaterThan(0.95 - 3 * coverageSe);
    expect(plainCovered / trials).toBeGreaterThan(0.95 - 3 * coverageSe);
    expect(Math.abs(sumDiff / trials)).toBeLessThan(0.003);
    // the history explains part of the variance: 1 − 0.8·ρ², ρ ≈ 0.4 between a unit's rates of a few runs
    expect(ratio).toBeLessThan(0.9);
    expect(ratio).toBeGreaterThan(0.75);
  });
});
