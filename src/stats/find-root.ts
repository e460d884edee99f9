/**
 * Brent's root finder (R's `uniroot`, Brent 1973 "Algorithms for Minimization without
 * Derivatives", ch. 4; https://en.wikipedia.org/wiki/Brent%27s_method): a root of f in [lo, hi]
 * where f(lo) and f(hi) differ in sign, by inverse quadratic interpolation, secant and bisection
 * steps. Stops when the bracket is below 4·eps·|x| + tolerance. Throws a RangeError (naming
 * `name`) when the ends do not bracket a root. O(log((hi − lo)/tolerance)) evaluations of f
 * (`values` passes f(lo) and f(hi) when the caller has them).
 */
export function findRoot(
  f: (x: number) => number,
  lo: number,
  hi: number,
  options?: { tolerance?: number; maxIterations?: number; name?: string; values?: [number, number] },
): number {
  const tolerance = options?.tolerance ?? 1e-12;
  const maxIterations = options?.maxIterations ?? 1000;
  let a = lo;
  let b = hi;
  // A caller that bracketed the root already knows f at the ends; each f may be costly.
  let fa = options?.values?.[0] ?? f(a);
  let fb = options?.values?.[1] ?? f(b);
  if (fa === 0) return a;
  if (fb === 0) return b;
  if (!(Math.sign(fa) !== Math.sign(fb)) || Number.isNaN(fa) || Number.isNaN(fb)) {
    throw new RangeError(`${options?.name ?? 'findRoot'} could not bracket a solution in [${lo}, ${hi}]`);
  }
  let c = a;
  let fc = fa;
  let d = b - a;
  let e = d;
  for (let i = 0; i < maxIterations; i++) {
    if (Math.sign(fb) === Math.sign(fc)) {
      c = a;
      fc = fa;
      d = b - a;
      e = d;
    }
    if (Math.abs(fc) < Math.abs(fb)) {
      a = b;
      b = c;
      c = a;
      fa = fb;
      fb = fc;
      fc = fa;
    }
    const tol = 2 * Number.EPSILON * Math.abs(b) + 0.5 * tolerance;
    const m = 0.5 * (c - b);
    if (Math.abs(m) <= tol || fb === 0) return b;
    if (Math.abs(e) >= tol && Math.abs(fa) > Math.abs(fb)) {
      const s = fb / fa;
      let p: number;
      let q: number;
      if (a === c) {
        p = 2 * m * s;
        q = 1 - s;
      } else {
        const qq = fa / fc;
        const r = fb / fc;
        p = s * (2 * m * qq * (qq - r) - (b - a) * (r - 1));
        q = (qq - 1) * (r - 1) * (s - 1);
      }
      if (p > 0) q = -q;
      else p = -p;
      if (2 * p < Math.min(3 * m * q - Math.abs(tol * q), Math.abs(e * q))) {
        e = d;
        d = p / q;
      } else {
        d = m;
        e = m;
      }
    } else {
      d = m;
      e = m;
    }
    a = b;
    fa = fb;
    b += Math.abs(d) > tol ? d : m > 0 ? tol : -tol;
    fb = f(b);
  }
  return b;
}
