import { logGamma } from './log-gamma.js';
import { stirlingCorrection } from './stirling-correction.js';

const EPS = 1e-16;
const TINY = 1e-300;
const MAX_ITERATIONS = 1_000_000;
const HALF_LOG_2PI = 0.91893853320467274178;

/**
 * Both regularized incomplete gamma functions [P(a, x), Q(a, x)], each to full relative
 * accuracy: series for x < a + 1, Lentz continued fraction otherwise (Numerical Recipes, 3rd ed.,
 * §6.2; https://dlmf.nist.gov/8.7.E3 and 8.9.E2). The prefactor xᵃe⁻ˣ/Γ(a) is computed without
 * cancelling large terms when a is large. O(√a) iterations at worst.
 */
export function incompleteGammaPair(a: number, x: number): [number, number] {
  if (x <= 0) return [0, 1];
  if (x === Number.POSITIVE_INFINITY) return [1, 0];
  const logPrefactor = logPoissonLike(a, x);
  if (x < a + 1) {
    let term = 1 / a;
    let sum = term;
    for (let n = 1; n <= MAX_ITERATIONS; n++) {
      term *= x / (a + n);
      sum += term;
      if (term < sum * EPS) break;
    }
    const p = Math.exp(logPrefactor) * sum;
    return [p, 1 - p];
  }
  let b = x + 1 - a;
  let c = 1 / TINY;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i <= MAX_ITERATIONS; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < TINY) d = TINY;
    c = b + an / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    const del = d * c;
    h *= del;
    if (Math.abs(del - 1) < EPS) break;
  }
  const q = Math.exp(logPrefactor) * h;
  return [1 - q, q];
}

/** ln(xᵃ e⁻ˣ / Γ(a)). */
function logPoissonLike(a: number, x: number): number {
  if (a < 10) return a * Math.log(x) - x - logGamma(a);
  // a ln x − x − ln Γ(a) = a·(ln(1 + t) − t) + ½ ln a − ½ ln 2π − corr(a), with t = (x − a)/a.
  const t = (x - a) / a;
  const core = Math.abs(t) > 0.25 ? a * Math.log(x / a) - (x - a) : a * log1pMinusX(t);
  return core + 0.5 * Math.log(a) - HALF_LOG_2PI - stirlingCorrection(a);
}

/** ln(1 + t) − t without cancellation for small t. */
function log1pMinusX(t: number): number {
  // −t²/2 + t³/3 − t⁴/4 + …
  let term = t;
  let sum = 0;
  for (let k = 2; k < 200; k++) {
    term *= -t;
    const add = term / k;
    sum += add;
    if (Math.abs(add) < Math.abs(sum) * EPS) break;
  }
  return sum;
}
