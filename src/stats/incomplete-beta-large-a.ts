import { incompleteGammaPair } from './incomplete-gamma-pair.js';
import { logBeta } from './log-beta.js';
import { logGamma } from './log-gamma.js';

const TERMS = 30;
const EPS = 1e-15;

/**
 * I_x(a, b) for large a and small b (a ≥ 15, b ≤ 1) by the asymptotic expansion of Didonato &
 * Morris, "Algorithm 708: Significant digit computation of the incomplete beta function ratios",
 * ACM TOMS 18(3), 1992, eq. (9) ("BGRAT"): a series in incomplete-gamma integrals with
 * u = −(a + (b − 1)/2)·ln x. The continued fraction needs O(√a) steps there and loses digits; this
 * converges in a few terms with ~1e-14 relative accuracy. y = 1 − x, passed for precision.
 */
export function incompleteBetaLargeA(a: number, b: number, x: number, y: number): number {
  const bm1 = b - 1;
  const nu = a + bm1 / 2;
  const lnx = y > 0.375 ? Math.log(x) : Math.log1p(-y);
  const z = -nu * lnx;
  if (z === 0) return 1;
  // r = zᵇe⁻ᶻ/Γ(b); u = r·Γ(a + b)/(Γ(a)·νᵇ) factors out of the expansion.
  const logR = b * Math.log(z) - z - logGamma(b);
  const logU = b * Math.log(z / nu) - z - logBeta(a, b);
  let j = upperGammaOverR(b, z, logR);
  let sum = j;
  const v = 0.25 / (nu * nu);
  const t2 = 0.25 * lnx * lnx;
  let t = 1;
  let cn = 1;
  let n2 = 0;
  const c: number[] = [];
  const d: number[] = [];
  for (let n = 1; n <= TERMS; n++) {
    const bp2n = b + n2;
    j = (bp2n * (bp2n + 1) * j + (z + bp2n + 1) * t) * v;
    n2 += 2;
    t *= t2;
    cn /= n2 * (n2 + 1);
    c.push(cn);
    let s = 0;
    let coef = b - n;
    for (let i = 1; i < n; i++) {
      s += coef * (c[i - 1] as number) * (d[n - 1 - i] as number);
      coef += b;
    }
    const dn = bm1 * cn + s / n;
    d.push(dn);
    const dj = dn * j;
    sum += dj;
    if (Math.abs(dj) <= EPS * sum) break;
  }
  return Math.exp(logU + Math.log(sum));
}

/** Q(b, z) / (zᵇe⁻ᶻ/Γ(b)), without underflow when z is large. */
function upperGammaOverR(b: number, z: number, logR: number): number {
  if (z < b + 1) return incompleteGammaPair(b, z)[1] * Math.exp(-logR);
  // Lentz continued fraction for Q(b, z)/r (Numerical Recipes §6.2).
  const tiny = 1e-300;
  let bb = z + 1 - b;
  let cc = 1 / tiny;
  let dd = 1 / bb;
  let h = dd;
  for (let i = 1; i < 100_000; i++) {
    const an = -i * (i - b);
    bb += 2;
    dd = an * dd + bb;
    if (Math.abs(dd) < tiny) dd = tiny;
    cc = bb + an / cc;
    if (Math.abs(cc) < tiny) cc = tiny;
    dd = 1 / dd;
    const del = dd * cc;
    h *= del;
    if (Math.abs(del - 1) < 1e-16) break;
  }
  return h;
}
