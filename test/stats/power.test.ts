import { logGamma, powerProportions, powerTTest, proportionsTest, yatesSampleSize } from 'agentver/stats';
import { describe, expect, it } from 'vitest';
import { expectClose, reference } from './helpers.js';

/** Maps the generator's keyword arguments (R's names, None = solve) to this API. */
function propInput(given: Record<string, unknown>) {
  const input: Record<string, unknown> = { ...given };
  if ('alpha' in given && given.alpha === null) input.alpha = null;
  return input as unknown as Parameters<typeof powerProportions>[0];
}

function tInput(given: Record<string, unknown>) {
  const input: Record<string, unknown> = { ...given };
  if ('kind' in input) {
    input.type = input.kind;
    delete input.kind;
  }
  return input as unknown as Parameters<typeof powerTTest>[0];
}

describe("powerProportions against R's power.prop.test formula (scipy norm + brentq)", () => {
  for (const c of reference.powerProportions) {
    it(JSON.stringify(c.input), () => {
      const r = powerProportions(propInput(c.input));
      for (const key of ['n', 'p1', 'p2', 'power', 'alpha'] as const) {
        expectClose(r[key], c.expected[key], 1e-8, 0, key);
      }
      expect(r.alternative).toBe(c.expected.alternative);
      expect(r.strict).toBe(c.expected.strict);
    });
  }
  it("agrees with R's documented example power.prop.test(n = 50, p1 = .50, p2 = .75): power = 0.7401659", () => {
    expectClose(powerProportions({ n: 50, p1: 0.5, p2: 0.75 }).power, 0.7401659, 1e-6);
  });
});

describe("powerTTest against R's power.t.test formula (scipy nct + brentq)", () => {
  for (const c of reference.powerTTest) {
    it(JSON.stringify(c.input), () => {
      const r = powerTTest(tInput(c.input));
      for (const key of ['n', 'delta', 'sd', 'power', 'alpha'] as const) {
        expectClose(r[key], c.expected[key], 1e-7, 0, key);
      }
      expect(r.alternative).toBe(c.expected.alternative);
      expect(r.type).toBe(c.expected.type);
    });
  }
  it("agrees with R's documented examples: power.t.test(n = 20, delta = 1) and (power = .90, delta = 1)", () => {
    expectClose(powerTTest({ n: 20, delta: 1 }).power, 0.8689528, 1e-6);
    expectClose(powerTTest({ power: 0.9, delta: 1 }).n, 22.0211, 1e-5);
  });
  // The n solver starts from a normal approximation: across the sizes a report asks for, from a
  // few runs to millions, the n it finds must give back the target power.
  for (const type of ['two-sample', 'one-sample'] as const) {
    for (const alternative of ['two-sided', 'one-sided'] as const) {
      it(`solves n that gives the target power (${type}, ${alternative})`, () => {
        for (const delta of [1, 0.3, 0.1, 0.01, 0.002]) {
          for (const power of [0.5, 0.8, 0.95]) {
            const { n } = powerTTest({ delta, power, type, alternative });
            expectClose(powerTTest({ n, delta, type, alternative }).power, power, 1e-9, 0, `delta ${delta} power ${power}`);
          }
        }
      });
    }
  }
});

describe('errors', () => {
  it('name the function and what is needed', () => {
    expect(() => powerProportions({ n: 50, p1: 0.5, p2: 0.6, power: 0.8 })).toThrow(/^powerProportions requires exactly one unknown/);
    expect(() => powerProportions({ p1: 0.5 })).toThrow(/^powerProportions requires exactly one unknown/);
    expect(() => powerProportions({ n: 10, p1: 1.5, p2: 0.6 })).toThrow(/^powerProportions requires p1 to be/);
    expect(() => powerProportions({ n: 5, p1: 0.5, power: 0.99 })).toThrow(/^powerProportions cannot reach/);
    expect(() => powerTTest({ n: 20, delta: 1, power: 0.8 })).toThrow(/^powerTTest requires exactly one unknown/);
    expect(() => powerTTest({ n: 1, delta: 1 })).toThrow(/^powerTTest requires n to be at least 2/);
    expect(() => powerTTest({ n: 10, delta: 1, alternative: 'less' as never })).toThrow(/^powerTTest requires alternative/);
  });
});

/** Exact power of prop.test(correct = TRUE) at n per group: every pair of outcomes, weighted by its binomial probability. */
function exactYatesPower(n: number, p1: number, p2: number, alpha = 0.05): number {
  const pmf = (p: number) => {
    const logs = Array.from(
      { length: n + 1 },
      (_, k) => logGamma(n + 1) - logGamma(k + 1) - logGamma(n - k + 1) + k * Math.log(p) + (n - k) * Math.log(1 - p),
    );
    return logs.map(Math.exp);
  };
  const [a, b] = [pmf(p1), pmf(p2)];
  let power = 0;
  for (let x = 0; x <= n; x++) {
    for (let y = 0; y <= n; y++) {
      const pooled = x + y;
      if (pooled === 0 || pooled === 2 * n) continue;
      if (proportionsTest([x, y], [n, n], { correct: true }).pValue < alpha) power += (a[x] as number) * (b[y] as number);
    }
  }
  return power;
}

describe('yatesSampleSize (Fleiss, Tytun & Ury 1980)', () => {
  it("starts from R's power.prop.test(p1 = .50, p2 = .75, power = .90): n = 76.7 (R's documented example)", () => {
    expectClose(yatesSampleSize({ p1: 0.5, p2: 0.75, power: 0.9 }).nUncorrected, 76.7, 1e-3);
  });
  // The point of the correction: prop.test with Yates is what the report runs, and at the
  // uncorrected n its exact power falls short; at the corrected n it reaches the target.
  for (const [p1, p2, power] of [
    [0.5, 0.75, 0.9],
    [0.3, 0.45, 0.8],
  ] as const) {
    it(`gives the Yates-corrected test its power exactly (binomial enumeration), p1 ${p1}, p2 ${p2}, power ${power}`, () => {
      const { n, nUncorrected } = yatesSampleSize({ p1, p2, power });
      expect(n - nUncorrected).toBeGreaterThan(1.5 / Math.abs(p1 - p2));
      expect(exactYatesPower(Math.ceil(nUncorrected), p1, p2)).toBeLessThan(power - 0.01);
      expect(Math.abs(exactYatesPower(Math.ceil(n), p1, p2) - power)).toBeLessThan(0.012);
    });
  }
  it('names the function in its errors', () => {
    expect(() => yatesSampleSize({ p1: 0.5, p2: 0.5 })).toThrow(/^yatesSampleSize requires p1 and p2 to differ/);
  });
});
