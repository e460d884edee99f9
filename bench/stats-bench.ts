/**
 * Micro-benchmark of `agentver/stats`: time per call of the main functions.
 * Run: npx tsx bench/stats-bench.ts
 */
import {
  chiSquaredTest,
  fisherExactTest,
  mannWhitneyU,
  powerProportions,
  powerTTest,
  proportionsTest,
  sequentialTest,
  tCdf,
  tQuantile,
  welchTTest,
} from '../src/stats/index.js';

function bench(name: string, fn: () => unknown, minMs = 200): void {
  let iterations = 0;
  const start = performance.now();
  let elapsed = 0;
  while (elapsed < minMs) {
    fn();
    iterations++;
    elapsed = performance.now() - start;
  }
  const perCall = (elapsed * 1000) / iterations;
  console.log(`${name.padEnd(44)} ${perCall.toFixed(2).padStart(10)} µs/call  (${iterations} calls)`);
}

const a = Array.from({ length: 1000 }, (_, i) => Math.sin(i) * 3 + 10);
const b = Array.from({ length: 1000 }, (_, i) => Math.cos(i) * 3 + 10.1);
const x49 = Array.from({ length: 49 }, (_, i) => i * 1.01);
const y49 = Array.from({ length: 49 }, (_, i) => i * 0.99 + 0.5);

bench('tCdf(-3, 25)', () => tCdf(-3, 25));
bench('tCdf(-3, 1e9)', () => tCdf(-3, 1e9));
bench('tQuantile(0.975, 17.3)', () => tQuantile(0.975, 17.3));
bench('welchTTest summaries', () => welchTTest({ n: 500, mean: 1, variance: 2 }, { n: 400, mean: 1.1, variance: 3 }));
bench('welchTTest raw 1000 + 1000', () => welchTTest(a, b));
bench('proportionsTest 2 groups', () => proportionsTest([120, 150], [1000, 1000]));
bench('mannWhitneyU exact 49 x 49', () => mannWhitneyU(x49, y49));
bench('mannWhitneyU normal 1000 x 1000', () => mannWhitneyU(a, b));
bench('chiSquaredTest 3 x 4', () =>
  chiSquaredTest([
    [20, 30, 25, 10],
    [15, 35, 20, 30],
    [10, 10, 40, 20],
  ]),
);
bench('fisherExactTest [[50, 950], [80, 920]]', () =>
  fisherExactTest([
    [50, 950],
    [80, 920],
  ]),
);
bench('powerTTest solve n', () => powerTTest({ power: 0.8, delta: 0.1 }));
bench('powerProportions solve n', () => powerProportions({ p1: 0.1, p2: 0.11, power: 0.8 }));
bench('sequentialTest', () => sequentialTest({ a: { n: 5000, successes: 520 }, b: { n: 5000, successes: 480 }, tau: 0.01 }));
