import { stirlingCorrection } from './stirling-correction.js';

const LANCZOS_G = 7;
const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059, 12.507343278686905,
  -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
];
const HALF_LOG_2PI = 0.91893853320467274178;

/**
 * Natural logarithm of the gamma function, ln Γ(x), for x > 0.
 *
 * Used by the distribution functions (beta and gamma integrals, hypergeometric and Poisson
 * weights). Below 10 it uses the Lanczos approximation (g = 7, 9 terms; see
 * https://en.wikipedia.org/wiki/Lanczos_approximation), at and above 10 Stirling's series with
 * eight correction terms (https://dlmf.nist.gov/5.11). Relative accuracy about 1e-15 away from
 * the zeros at 1 and 2, where the absolute error is about 1e-15. Same as R's `lgamma` for x > 0.
 *
 * Cost: O(1).
 *
 * @example
 * logGamma(10); // 12.801827480081469 (= ln 362880)
 */
export function logGamma(x: number): number {
  if (typeof x !== 'number' || Number.isNaN(x)) {
    throw new TypeError('logGamma requires a number');
  }
  if (x <= 0) {
    throw new RangeError('logGamma requires a positive argument');
  }
  if (x === Number.POSITIVE_INFINITY) return x;
  if (x >= 10) {
    return (x - 0.5) * Math.log(x) - x + HALF_LOG_2PI + stirlingCorrection(x);
  }
  if (x < 0.5) {
    // ln Γ(x) = ln Γ(x + 1) − ln x keeps the Lanczos sum in its accurate range.
    return lanczos(x + 1) - Math.log(x);
  }
  return lanczos(x);
}

function lanczos(x: number): number {
  const z = x - 1;
  let sum = LANCZOS[0] as number;
  for (let i = 1; i < LANCZOS.length; i++) {
    sum += (LANCZOS[i] as number) / (z + i);
  }
  const t = z + LANCZOS_G + 0.5;
  return HALF_LOG_2PI + (z + 0.5) * Math.log(t) - t + Math.log(sum);
}
