import { normalCdf } from './normal-cdf.js';
import { normalQuantile } from './normal-quantile.js';
import { solveMonotone } from './solve-monotone.js';
import type { PowerAlternative, PowerProportionsParams, PowerProportionsResult } from './types.js';

const FN = 'powerProportions';

/**
 * Power of the two-sample test of proportions, or the sample size per group, second proportion
 * or significance level that gives a target power — as R's `power.prop.test`.
 *
 * Plans an experiment on a conversion rate: leave exactly one of `n` (per group), `p2`, `power`
 * undefined, or set `alpha` (default 0.05) to null, and that one is solved for (`p1` is always
 * given). R's normal-approximation formula is used — not the arcsine effect size of other tools:
 * power = Φ((√n·|p1 − p2| − z_{1−α/s}·√((p1 + p2)(1 − (p1 + p2)/2))) / √(p1q1 + p2q2)), s = 2 for
 * 'two-sided', 1 for 'one-sided'; `strict` adds the wrong-tail rejections of a two-sided test.
 * As R, p2 is solved above p1 and n over [2, 1e7] (widened if needed); solved values are
 * accurate to ~1e-10 relative (R's default uniroot tolerance of 1.2e-4 is looser).
 *
 * Source: R documentation `?power.prop.test` (https://stat.ethz.ch/R-manual/R-devel/library/stats/html/power.prop.test.html);
 * Fleiss, Levin & Paik (2003), Statistical Methods for Rates and Proportions, §4.2.
 *
 * Cost: O(1) for power; about 10–60 evaluations of that for other unknowns.
 *
 * @example
 * powerProportions({ n: 50, p1: 0.5, p2: 0.75 });     // { power: 0.7401659, ... }
 * powerProportions({ p1: 0.5, p2: 0.75, power: 0.9 }); // { n: 76.70693, ... }
 */
export function powerProportions(params: PowerProportionsParams): PowerProportionsResult {
  if (typeof params !== 'object' || params === null) throw new TypeError(`${FN} requires a parameter object`);
  const alternative: PowerAlternative = params.alternative ?? 'two-sided';
  if (alternative !== 'two-sided' && alternative !== 'one-sided') {
    throw new TypeError(`${FN} requires alternative to be 'two-sided' or 'one-sided'`);
  }
  const strict = params.strict ?? false;
  if (typeof strict !== 'boolean') throw new TypeError(`${FN} requires strict to be a boolean`);
  const alpha = params.alpha === undefined ? 0.05 : params.alpha;
  const { p1 } = params;
  let { n, p2, power } = params;
  const missing = [n === undefined, p2 === undefined, power === undefined, alpha === null].filter(Boolean).length;
  if (missing !== 1) {
    throw new TypeError(`${FN} requires exactly one unknown: n, p2 or power undefined, or alpha null`);
  }
  const check = (value: number | undefined | null, name: string, ok: (v: number) => boolean, what: string) => {
    if (value === undefined || value === null) return;
    if (typeof value !== 'number' || !Number.isFinite(value) || !ok(value)) {
      throw new RangeError(`${FN} requires ${name} to be ${what}`);
    }
  };
  if (p1 === undefined) throw new TypeError(`${FN} requires p1`);
  check(p1, 'p1', (v) => v > 0 && v < 1, 'strictly between 0 and 1');
  check(p2, 'p2', (v) => v > 0 && v < 1, 'strictly between 0 and 1');
  check(n, 'n', (v) => v >= 1, 'at least 1');
  check(power, 'power', (v) => v > 0 && v < 1, 'strictly between 0 and 1');
  check(alpha, 'alpha', (v) => v > 0 && v < 1, 'strictly between 0 and 1');

  const tside = alternative === 'two-sided' ? 2 : 1;
  const powerOf = (nn: number, a: number, b: number, level: number): number => {
    const qu = -normalQuantile(level / tside);
    const d = Math.abs(a - b);
    const sdNull = Math.sqrt((a + b) * (1 - (a + b) / 2));
    const sdAlt = Math.sqrt(a * (1 - a) + b * (1 - b));
    const shift = Math.sqrt(nn) * d;
    let value = normalCdf((shift - qu * sdNull) / sdAlt);
    if (strict && tside === 2) value += normalCdf(-(shift + qu * sdNull) / sdAlt);
    return value;
  };
  const unreachable = `${FN} cannot reach the requested power`;
  let alphaOut = alpha as number;
  if (power === undefined) {
    power = powerOf(n as number, p1, p2 as number, alphaOut);
  } else if (n === undefined) {
    const target = power;
    n = solveMonotone((v) => powerOf(v, p1, p2 as number, alphaOut) - target, 2, 1e7, {
      min: 1e-9,
      max: 1e15,
      increasing: true,
      message: unreachable,
    });
  } else if (p2 === undefined) {
    const target = power;
    const nn = n;
    p2 = solveMonotone((v) => powerOf(nn, p1, v, alphaOut) - target, p1, 1, {
      min: p1,
      max: 1,
      increasing: true,
      message: `${FN} cannot reach the requested power for any p2 between p1 and 1`,
    });
  } else {
    const target = power;
    alphaOut = solveMonotone((v) => powerOf(n as number, p1, p2 as number, v) - target, 1e-10, 1 - 1e-10, {
      min: 1e-300,
      max: 1 - 1e-16,
      increasing: true,
      message: unreachable,
    });
  }
  return { n: n as number, p1, p2: p2 as number, power, alpha: alphaOut, alternative, strict };
}
