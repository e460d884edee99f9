import { incompleteBetaLargeA } from './incomplete-beta-large-a.js';
import { logBeta } from './log-beta.js';

const EPS = 1e-16;
const TINY = 1e-300;
const MAX_ITERATIONS = 1_000_000;

/**
 * Both tails of the regularized incomplete beta function, [I_x(a, b), 1 − I_x(a, b)], each to
 * full relative accuracy, given x and y = 1 − x computed separately by the caller (so neither
 * loses digits to the subtraction). Continued fraction evaluated by the modified Lentz method
 * (Numerical Recipes, 3rd ed., §6.4; https://dlmf.nist.gov/8.17.E22). O(√max(a, b)) iterations.
 */
export function incompleteBetaPair(x: number, y: number, a: number, b: number): [number, number] {
  if (x <= 0) return [0, 1];
  if (y <= 0) return [1, 0];
  // Large a with small b near x = 1: the continued fraction is slow and inexact there.
  if (b <= 1 && a >= 15 && x >= 0.7) {
    const lower = incompleteBetaLargeA(a, b, x, y);
    return [lower, 1 - lower];
  }
  if (a <= 1 && b >= 15 && y >= 0.7) {
    const upper = incompleteBetaLargeA(b, a, y, x);
    return [1 - upper, upper];
  }
  const logX = x < 0.5 ? Math.log(x) : Math.log1p(-y);
  const logY = y < 0.5 ? Math.log(y) : Math.log1p(-x);
  if (x < (a + 1) / (a + b + 2)) {
    const lower = (Math.exp(a * logX + b * logY - logBeta(a, b)) * continuedFraction(x, a, b)) / a;
    return [lower, 1 - lower];
  }
  const upper = (Math.exp(a * logX + b * logY - logBeta(a, b)) * continuedFraction(y, b, a)) / b;
  return [1 - upper, upper];
}

function continuedFraction(x: number, a: number, b: number): number {
  const qab = a + b;
  const qap = a + 1;
  const qam = a - 1;
  let c = 1;
  let d = 1 - (qab * x) / qap;
  if (Math.abs(d) < TINY) d = TINY;
  d = 1 / d;
  let h = d;
  for (let m = 1; m <= MAX_ITERATIONS; m++) {
    const m2 = 2 * m;
    let aa = (m * (b - m) * x) / ((qam + m2) * (a + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < TINY) d = TINY;
    c = 1 + aa / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    h *= d * c;
    aa = (-(a + m) * (qab + m) * x) / ((a + m2) * (qap + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < TINY) d = TINY;
    c = 1 + aa / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    const del = d * c;
    h *= del;
    if (Math.abs(del - 1) < EPS) return h;
  }
  return h;
}
