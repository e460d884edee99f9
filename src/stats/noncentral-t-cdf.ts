import { incompleteBetaPair } from './incomplete-beta-pair.js';
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
 * so that large δ loses nothing; t < 0 uses P(T ≤ t; δ) = 1 − P(T ≤ −t; −δ). As R, when df > 4e5
 * or δ² > 1415 (δ > 37.62) it uses the normal approximation of Abramowitz & Stegun 26.7.10.
 * Absolute accuracy about 1e-14 (relative accuracy is not kept in the far tails).
 *
 * Cost: O(√(δ²) + 1) incomplete-beta evaluations (a few hundred at most).
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
    const term = (j: number): [number, number] => {
      const logPoisson = -lambda + j * logLambda;
      const pj = Math.exp(logPoisson - logGamma(j + 1));
      const qj = sign * Math.exp(logAbsDel - 0.5 * Math.LN2 + logPoisson - logGamma(j + 1.5));
      const value = pj * incompleteBetaPair(x, y, j + 0.5, b)[0] + qj * incompleteBetaPair(x, y, j + 1, b)[0];
      return [value, pj + Math.abs(qj)];
    };
    const mode = Math.floor(lambda);
    for (let j = mode; j < mode + 100_000; j++) {
      const [value, weight] = term(j);
      series += value;
      if (weight < 1e-18 && j > lambda) break;
    }
    for (let j = mode - 1; j >= 0; j--) {
      const [value, weight] = term(j);
      series += value;
      if (weight < 1e-18) break;
    }
    series *= 0.5;
  }
  const lower = Math.min(1, Math.max(0, normalCdf(-del) + series));
  return flip ? 1 - lower : lower;
}
