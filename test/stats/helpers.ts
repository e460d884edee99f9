import { readFileSync } from 'node:fs';
import { expect } from 'vitest';

/** Reference vectors written by scripts/reference/make_stats_vectors.py (SciPy / R formulas). */
// biome-ignore lint/suspicious/noExplicitAny: JSON fixture of many shapes
export const reference: any = JSON.parse(readFileSync(new URL('./fixtures/reference.json', import.meta.url), 'utf8'));

/** JSON numbers, with infinities written as strings by the generator. */
export function num(value: number | string | null): number {
  if (value === 'Infinity') return Number.POSITIVE_INFINITY;
  if (value === '-Infinity') return Number.NEGATIVE_INFINITY;
  if (typeof value !== 'number') throw new Error(`not a number: ${String(value)}`);
  return value;
}

/**
 * Asserts |actual − expected| ≤ rel·|expected| (+ abs), with equal infinities accepted.
 * `label` shows in the failure message.
 */
export function expectClose(actual: number, expected: number | string, rel = 1e-6, abs = 0, label = ''): void {
  const e = typeof expected === 'string' ? num(expected) : expected;
  if (!Number.isFinite(e)) {
    expect(actual, label).toBe(e);
    return;
  }
  const tolerance = rel * Math.abs(e) + abs;
  if (!(Math.abs(actual - e) <= tolerance)) {
    expect.fail(`${label}: expected ${actual} to be within ${tolerance} of ${e} (relative error ${(actual - e) / e})`);
  }
}

export { mulberry32, normalGenerator } from '../../src/demo/seeded-random.js';

/** Binomial(n, p) draw by summing Bernoulli trials (fine for the small n used here). */
export function binomial(uniform: () => number, n: number, p: number): number {
  let k = 0;
  for (let i = 0; i < n; i++) if (uniform() < p) k++;
  return k;
}

/** Monte-Carlo standard error of a rejection rate α estimated from `runs` simulations. */
export function monteCarloSe(alpha: number, runs: number): number {
  return Math.sqrt((alpha * (1 - alpha)) / runs);
}
