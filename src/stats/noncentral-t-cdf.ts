import { incompleteBetaPair } from './incomplete-beta-pair.js';
import { logBeta } from './log-beta.js';
import { logGamma } from './log-gamma.js';
import { normalCdf } from './normal-cdf.js';
import { tCdf } from './t-cdf.js';

/** δ² above which R's pnt switches to the normal approximation (2·ln 2·1021, δ ≈ 37.62). */
const LARGE_NCP_SQUARED = 2 * Math.LN2 * 1021;

/**
 * Cumulative distribution function of the noncentral t distribution, P(T ≤ t) with `df` degrees
 * of freedom and noncentrality `ncp` (R's `pt(t, df, ncp)`).
 *
 * Needed for the power of t-tests (`powerTTest`). For t ≥ 0 it sums Lenth's series (Algorithm
 * AS 243, Applied Statistics 38, 1989, 185–189): Φ(−δ) + ½Σ_j [p_j·I_x(j + ½, ν/2) + q_j·I_x(j + 1, ν/2)]
 * with x = t²/(t² + ν) and Poisson weights p_j, q_j, here summed outward from the largest weight
 * so that large δ loses nothing, the incomplete betas of successive terms following from the two
 * at the largest weight by their recurrence (as AS 243 does from j = 0); t < 0 uses P(T ≤ t; δ) = 1 − P(T ≤ −t; −δ). As R, when df > 4e5
 * or δ² > 1415 (δ > 37.62) it uses the normal approximation of Abramowitz & Stegun 26.7.10.
 * Absolute accuracy about 1e-13 (relative accuracy is not kept in the far tails).
 *
 * Cost: two incomplete-beta evaluations and O(|δ| + 1) steps of a recurrence (a few hundred at most).
 *
 * @example
 * noncentralTCdf(2.024394164, 38, 3.16227766); // 0.1310472 (power of power.t.test(n = 20, delta = 1) is 1 − this)
 */
export function noncentralTCdf(t: number, df: number, ncp: number): number {
  if ([t, df, ncp].some((v) => typeof v !== 'number' || Number.isNaN(v))) {
    throw new TypeError('noncentralTCdf requires numbers t, df and ncp');
  }
  if (!(df > 0)) throw new RangeError('noncentralTCdf requires positive degrees of freedom');
  if (!Number.isFinite(ncp)) throw new RangeError('noncentralTCdf requires a finite noncentrality parameter');
  if (ncp === 0) return tCdf(t, df);
  if (t === Number.NEGATIVE_INFINITY) return 0;
  if (t === Number.POSITIVE_INFINITY) return 1;
  const flip = t < 0;
  const tt = Math.abs(t);
  const del = flip ? -ncp : ncp;
  if (df > 4e5 || del * del > LARGE_NCP_SQUARED) {
    const s = 1 / (4 * df);
    const z = (tt * (1 - s) - del) / Math.sqrt(1 + tt * tt * 2 * s);
    return flip ? normalCdf(-z) : normalCdf(z);
  }
  let series = 0;
  if (tt > 0) {
    const t2 = tt * tt;
    const x = t2 / (t2 + df);
    const y = df / (t2 + df);
    const b = df / 2;
    const lambda = (del * del) / 2;
    const logLambda = Math.log(lambda);
    const logAbsDel = Math.log(Math.abs(del));
    const sign = Math.sign(del);
    const logX = x < 0.5 ? Math.log(x) : Math.log1p(-y);
    const logY = y < 0.5 ? Math.log(y) : Math.log1p(-x);
    const mode = Math.floor(lambda);
    // I_x(a, b) for a = j + ½ and j + 1, from two evaluations at the mode and then the recurrence
    // I_x(a + 1, b) = I_x(a, b) − T(a), T(a) = xᵃ·yᵇ / (a·B(a, b)), with T itself updated by one
    // factor a step (T(a + 1) = T(a)·x·(a + b)/(a + 1)), in logs so that it cannot underflow.
    const start = (a: number) => ({
      a,
      value: incompleteBetaPair(x, y, a, b)[0],
      logT: a * logX + b * logY - Math.log(a) - logBeta(a, b),
    });
    const up = (term: { a: number; value: number; logT: number }) => {
      term.value = Math.max(0, term.value - Math.exp(term.logT));
      term.logT += logX + Math.log(term.a + b) - Math.log(term.a + 1);
      term.a += 1;
    };
    const down = (term: { a: number; value: number; logT: number }) => {
      term.a -= 1;
      term.logT -= logX + Math.log(term.a + b) - Math.log(term.a + 1);
      term.value = Math.min(1, term.value + Math.exp(term.logT));
    };
    // The Poisson weights p_j = e^{−λ}λʲ/j! and q_j = δ·e^{−λ}λʲ/(√2·Γ(j + 3/2)), in logs, stepped alike.
    const logP = -lambda + mode * logLambda - logGamma(mode + 1);
    const logQ = logAbsDel - 0.5 * Math.LN2 - lambda + mode * logLambda - logGamma(mode + 1.5);
    const half = start(mode + 0.5);
    const one = start(mode + 1);
    const halfDown = { ...half };
    const oneDown = { ...one };
    for (let j = mode, lp = logP, lq = logQ; j < mode + 100_000; j++) {
      const pj = Math.exp(lp);
      const qj = sign * Math.exp(lq);
      series += pj * half.value + qj * one.value;
      if (pj + Math.abs(qj) < 1e-18 && j > lambda) break;
      up(half);
      up(one);
      lp += logLambda - Math.log(j + 1);
      lq += logLambda - Math.log(j + 1.5);
    }
    for (let j = mode - 1, lp = logP, lq = logQ; j >= 0; j--) {
      down(halfDown);
      down(oneDown);
      lp -= logLambda - Math.log(j + 1);
      lq -= logLambda - Math.log(j + 1.5);
      const pj = Math.exp(lp);
      const qj = sign * Math.exp(lq);
      series += pj * halfDown.value + qj * oneDown.value;
      if (pj + Math.abs(qj) < 1e-18) break;
    }
    series *= 0.5;
  }
  const lower = Math.min(1, Math.max(0, normalCdf(-del) + series));
  return flip ? 1 - lower : lower;
}
