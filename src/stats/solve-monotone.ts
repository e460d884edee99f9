import { findRoot } from './find-root.js';

/**
 * Solves f(x) = 0 for a monotone f (increasing or decreasing, as told), starting from the bracket [lo, hi] and widening it
 * geometrically within [min, max] when it does not contain the root (as R's `uniroot(...,
 * extendInt =)`), then refining by Brent's method to machine precision. Throws a RangeError with
 * `message` when no root exists in [min, max].
 */
export function solveMonotone(
  f: (x: number) => number,
  lo: number,
  hi: number,
  limits: { min: number; max: number; increasing: boolean; message: string },
): number {
  let a = lo;
  let b = hi;
  let fa = f(a);
  let fb = f(b);
  for (let i = 0; i < 200 && Math.sign(fa) === Math.sign(fb) && fa !== 0; i++) {
    const width = b - a;
    // Move the end that is on the far side of the root: for increasing f with f(a) > 0, lower a.
    const lowerSide = limits.increasing ? fa > 0 : fa < 0;
    if (lowerSide) {
      if (a <= limits.min) break;
      const next = Math.max(limits.min, a - width);
      a = next === a ? limits.min : next;
      fa = f(a);
    } else {
      if (b >= limits.max) break;
      const next = Math.min(limits.max, b + 2 * width);
      b = next === b ? limits.max : next;
      fb = f(b);
    }
    if (!Number.isFinite(fa) || !Number.isFinite(fb)) break;
  }
  if (fa === 0) return a;
  if (fb === 0) return b;
  if (!(Math.sign(fa) !== Math.sign(fb))) throw new RangeError(limits.message);
  return findRoot(f, a, b, { tolerance: 0, values: [fa, fb] });
}
