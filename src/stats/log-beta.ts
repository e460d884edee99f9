import { logGamma } from './log-gamma.js';
import { stirlingCorrection } from './stirling-correction.js';

const HALF_LOG_2PI = 0.91893853320467274178;

/**
 * Natural logarithm of the beta function, ln B(a, b) = ln Γ(a) + ln Γ(b) − ln Γ(a + b), for a, b > 0.
 *
 * Needed by the incomplete beta function (t and F distributions). When an argument is large the
 * three log-gamma terms nearly cancel, so, as R's `lbeta`, it groups Stirling's series so that
 * the large terms cancel analytically (https://dlmf.nist.gov/5.11, and R's src/nmath/lbeta.c),
 * which keeps ~1e-14 relative accuracy even for a = 1e10, b = 0.5.
 *
 * Cost: O(1).
 *
 * @example
 * logBeta(2, 3); // -2.4849066497880004 (= ln(1/12))
 */
export function logBeta(a: number, b: number): number {
  if (!(a > 0) || !(b > 0)) {
    throw new RangeError('logBeta requires positive arguments');
  }
  const p = Math.min(a, b);
  const q = Math.max(a, b);
  if (q === Number.POSITIVE_INFINITY) return Number.NEGATIVE_INFINITY;
  if (p >= 10) {
    const corr = stirlingCorrection(p) + stirlingCorrection(q) - stirlingCorrection(p + q);
    return -0.5 * Math.log(q) + HALF_LOG_2PI + corr + (p - 0.5) * Math.log(p / (p + q)) + q * Math.log1p(-p / (p + q));
  }
  if (q >= 10) {
    // ln Γ(q) − ln Γ(p + q) without cancelling large terms.
    const corr = stirlingCorrection(q) - stirlingCorrection(p + q);
    return logGamma(p) + corr + p - p * Math.log(p + q) + (q - 0.5) * Math.log1p(-p / (p + q));
  }
  return logGamma(p) + logGamma(q) - logGamma(p + q);
}
