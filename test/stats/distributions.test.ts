import {
  chiSquaredCdf,
  chiSquaredSurvival,
  logBeta,
  logGamma,
  noncentralTCdf,
  normalCdf,
  normalQuantile,
  regularizedIncompleteBeta,
  tCdf,
  tQuantile,
} from 'agentver/stats';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { expectClose, reference } from './helpers.js';

const ref = reference.distributions;

describe('normalCdf', () => {
  it('matches scipy.stats.norm.cdf to 1e-12 relative, far tails included', () => {
    for (const c of ref.normalCdf) expectClose(normalCdf(c.x), c.value, 1e-12, 0, `x=${c.x}`);
  });
  it('keeps relative accuracy at the edge of underflow', () => {
    expectClose(normalCdf(-37.5), 4.605353e-308, 1e-6);
    expect(normalCdf(-40)).toBe(0);
    expect(normalCdf(40)).toBe(1);
    expect(normalCdf(0)).toBe(0.5);
  });
  it('is symmetric: Φ(−x) + Φ(x) = 1', () => {
    fc.assert(
      fc.property(fc.double({ min: -8, max: 8, noNaN: true }), (x) => {
        expect(Math.abs(normalCdf(-x) + normalCdf(x) - 1)).toBeLessThan(1e-15);
      }),
    );
  });
});

describe('normalQuantile', () => {
  it('matches scipy.stats.norm.ppf to 1e-12 relative', () => {
    for (const c of ref.normalQuantile) expectClose(normalQuantile(c.p), c.value, 1e-12, 1e-15, `p=${c.p}`);
  });
  it('round-trips with normalCdf, down to 1e-300', () => {
    fc.assert(
      fc.property(fc.double({ min: -300, max: -0.31, noNaN: true }), (logp) => {
        const p = 10 ** logp;
        expectClose(normalCdf(normalQuantile(p)), p, 1e-12);
      }),
    );
  });
  it('gives ∓Infinity at 0 and 1, as R', () => {
    expect(normalQuantile(0)).toBe(Number.NEGATIVE_INFINITY);
    expect(normalQuantile(1)).toBe(Number.POSITIVE_INFINITY);
  });
});

describe('tCdf', () => {
  it('matches scipy.stats.t.cdf to 1e-10 relative at extreme x and df', () => {
    for (const c of ref.tCdf) expectClose(tCdf(c.x, c.df), c.value, 1e-10, 0, `x=${c.x} df=${c.df}`);
  });
  it('handles infinite df and infinite x', () => {
    expect(tCdf(-1.5, Number.POSITIVE_INFINITY)).toBe(normalCdf(-1.5));
    expect(tCdf(Number.NEGATIVE_INFINITY, 3)).toBe(0);
    expect(tCdf(Number.POSITIVE_INFINITY, 3)).toBe(1);
  });
});

describe('tQuantile', () => {
  it('matches scipy.stats.t.ppf to 1e-10 relative', () => {
    for (const c of ref.tQuantile) expectClose(tQuantile(c.p, c.df), c.value, 1e-10, 1e-14, `p=${c.p} df=${c.df}`);
  });
  it('round-trips with tCdf for random p and df', () => {
    fc.assert(
      fc.property(fc.double({ min: -250, max: -0.31, noNaN: true }), fc.double({ min: 0.3, max: 6, noNaN: true }), (logp, logdf) => {
        const p = 10 ** logp;
        const df = 10 ** logdf / 2;
        expectClose(tCdf(tQuantile(p, df), df), p, 1e-9, 0, `p=${p} df=${df}`);
      }),
      { numRuns: 300 },
    );
  });
});

describe('chi-squared distribution', () => {
  it('matches scipy.stats.chi2.cdf and .sf to 1e-10 relative', () => {
    for (const c of ref.chiSquared) {
      expectClose(chiSquaredCdf(c.x, c.df), c.cdf, 1e-10, 1e-300, `cdf x=${c.x} df=${c.df}`);
      expectClose(chiSquaredSurvival(c.x, c.df), c.sf, 1e-10, 1e-300, `sf x=${c.x} df=${c.df}`);
    }
  });
});

describe('special functions', () => {
  it('regularizedIncompleteBeta matches scipy.special.betainc to 1e-10 relative', () => {
    for (const c of ref.regularizedIncompleteBeta) {
      expectClose(regularizedIncompleteBeta(c.x, c.a, c.b), c.value, 1e-10, 1e-300, `x=${c.x} a=${c.a} b=${c.b}`);
    }
  });
  it('logGamma matches scipy.special.gammaln', () => {
    for (const c of ref.logGamma) expectClose(logGamma(c.x), c.value, 1e-13, 1e-15, `x=${c.x}`);
  });
  it('logBeta agrees with log-gamma sums where those do not cancel', () => {
    expectClose(logBeta(2, 3), Math.log(1 / 12), 1e-14);
    expectClose(logBeta(0.5, 0.5), Math.log(Math.PI), 1e-14);
  });
  it('noncentralTCdf matches scipy.stats.nct.cdf to 1e-9 absolute', () => {
    for (const c of ref.noncentralTCdf) {
      expectClose(noncentralTCdf(c.t, c.df, c.ncp), c.value, 0, 1e-9, `t=${c.t} df=${c.df} ncp=${c.ncp}`);
    }
  });
});

describe('errors', () => {
  it('name the function and the requirement', () => {
    expect(() => normalQuantile(1.5)).toThrow(/^normalQuantile requires a probability in \[0, 1\]/);
    expect(() => normalCdf(Number.NaN)).toThrow(TypeError);
    expect(() => tCdf(1, 0)).toThrow(/^tCdf requires positive degrees of freedom/);
    expect(() => tQuantile(-0.1, 3)).toThrow(/^tQuantile requires/);
    expect(() => chiSquaredSurvival(1, -1)).toThrow(/^chiSquaredSurvival requires/);
    expect(() => chiSquaredCdf(1, 0)).toThrow(/^chiSquaredCdf requires/);
    expect(() => regularizedIncompleteBeta(2, 1, 1)).toThrow(/^regularizedIncompleteBeta requires x in \[0, 1\]/);
    expect(() => logGamma(0)).toThrow(/^logGamma requires/);
    expect(() => logBeta(-1, 2)).toThrow(/^logBeta requires/);
    expect(() => noncentralTCdf(1, -2, 1)).toThrow(/^noncentralTCdf requires/);
  });
});
