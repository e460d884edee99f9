/**
 * Mulberry32: a tiny seeded 32-bit generator of uniforms in [0, 1), so the demo, the benches and
 * the simulations draw the same numbers on every run. Not for anything that needs secrecy.
 * See https://gist.github.com/tommyettinger/46a874533244883189143505d203312c
 */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Standard normal draws from a uniform generator by the Box–Muller transform (two a pair of
 * uniforms; the second is kept for the next call).
 * See Box & Muller (1958), "A Note on the Generation of Random Normal Deviates".
 * @example
 * const normal = normalGenerator(mulberry32(7)); normal(); // a N(0, 1) draw, the same on every run
 */
export function normalGenerator(uniform: () => number): () => number {
  let spare: number | undefined;
  return () => {
    if (spare !== undefined) {
      const s = spare;
      spare = undefined;
      return s;
    }
    let u = 0;
    while (u === 0) u = uniform();
    const r = Math.sqrt(-2 * Math.log(u));
    const t = 2 * Math.PI * uniform();
    spare = r * Math.sin(t);
    return r * Math.cos(t);
  };
}
