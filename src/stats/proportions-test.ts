import { chiSquaredSurvival } from './chi-squared-survival.js';
import { normalCdf } from './normal-cdf.js';
import { normalQuantile } from './normal-quantile.js';
import { resolveAlternative } from './resolve-alternative.js';
import { resolveConfidence } from './resolve-confidence.js';
import type { ProportionsTestOptions, ProportionsTestResult } from './types.js';

const FN = 'proportionsTest';

/**
 * Pearson's chi-squared test for equal proportions (k ≥ 2 groups) or for one proportion against
 * `p` (k = 1), exactly as R's `prop.test(successes, trials)`.
 *
 * Compares conversion or success rates between agent versions. With `correct` (default true)
 * Yates' continuity correction is applied for one or two groups, never capped above |O − E| (as R).
 * Two groups: the interval is for p1 − p2 (Wald interval widened by the Yates term, as R);
 * one-sided alternatives use the signed square root of X-squared against the normal.
 * One group: the null proportion `p` defaults to 0.5 and the interval is Wilson's score interval
 * with continuity correction (R). More than two groups: no interval and only 'two-sided'.
 * (R's `p` vector for k ≥ 2 groups is not supported.)
 *
 * Source: R documentation `?prop.test` (https://stat.ethz.ch/R-manual/R-devel/library/stats/html/prop.test.html);
 * Newcombe (1998), Statistics in Medicine 17, 857–872 (Wilson interval);
 * https://en.wikipedia.org/wiki/Yates%27s_correction_for_continuity.
 *
 * Cost: O(k).
 *
 * @example
 * // R's smokers example: prop.test(c(83, 90, 129, 70), c(86, 93, 136, 82))
 * proportionsTest([83, 90, 129, 70], [86, 93, 136, 82]);
 * // { statistic: 12.6, df: 3, pValue: 0.005585, estimate: [0.9651163, 0.9677419, 0.9485294, 0.8536585] }
 */
export function proportionsTest(
  successes: readonly number[],
  trials: readonly number[],
  options?: ProportionsTestOptions,
): ProportionsTestResult {
  if (!Array.isArray(successes) || !Array.isArray(trials)) {
    throw new TypeError(`${FN} requires arrays of successes and trials`);
  }
  const k = successes.length;
  if (k === 0 || trials.length !== k) {
    throw new RangeError(`${FN} requires successes and trials of the same, non-zero length`);
  }
  for (let i = 0; i < k; i++) {
    const x = successes[i] as number;
    const n = trials[i] as number;
    if (typeof x !== 'number' || typeof n !== 'number' || !Number.isFinite(x) || !Number.isFinite(n)) {
      throw new TypeError(`${FN} requires finite numbers of successes and trials`);
    }
    if (!(n > 0) || x < 0 || x > n) {
      throw new RangeError(`${FN} requires positive trials and 0 <= successes <= trials in every group`);
    }
  }
  const alternative = resolveAlternative(options?.alternative, FN);
  const confidence = resolveConfidence(options?.confidence, FN);
  const correct = options?.correct ?? true;
  if (typeof correct !== 'boolean') throw new TypeError(`${FN} requires correct to be a boolean`);
  if (k > 2 && alternative !== 'two-sided') {
    throw new RangeError(`${FN} requires alternative 'two-sided' for more than two groups`);
  }
  if (options?.p !== undefined && k !== 1) {
    throw new RangeError(`${FN} supports the null proportion p only for one group`);
  }
  const estimate = successes.map((x, i) => x / (trials[i] as number));
  let yates = correct && k <= 2 ? 0.5 : 0;
  const zCrit = normalQuantile(alternative === 'two-sided' ? (1 + confidence) / 2 : confidence);
  let confidenceInterval: [number, number] | undefined;
  let p: number;
  let df: number;
  let delta = 0;

  if (k === 1) {
    p = options?.p ?? 0.5;
    if (typeof p !== 'number' || !(p > 0 && p < 1)) {
      throw new RangeError(`${FN} requires the null proportion p strictly between 0 and 1`);
    }
    const x = successes[0] as number;
    const n = trials[0] as number;
    const est = estimate[0] as number;
    yates = Math.min(yates, Math.abs(x - n * p));
    const z22n = (zCrit * zCrit) / (2 * n);
    let pc = est + yates / n;
    const upper = pc >= 1 ? 1 : (pc + z22n + zCrit * Math.sqrt((pc * (1 - pc)) / n + z22n / (2 * n))) / (1 + 2 * z22n);
    pc = est - yates / n;
    const lower = pc <= 0 ? 0 : (pc + z22n - zCrit * Math.sqrt((pc * (1 - pc)) / n + z22n / (2 * n))) / (1 + 2 * z22n);
    confidenceInterval =
      alternative === 'two-sided'
        ? [Math.max(lower, 0), Math.min(upper, 1)]
        : alternative === 'less'
          ? [0, Math.min(upper, 1)]
          : [Math.max(lower, 0), 1];
    df = 1;
  } else {
    const totalX = successes.reduce((s, v) => s + v, 0);
    const totalN = trials.reduce((s, v) => s + v, 0);
    p = totalX / totalN;
    if (p === 0 || p === 1) {
      throw new RangeError(`${FN} requires at least one success and one failure over all groups`);
    }
    df = k - 1;
    if (k === 2) {
      const n1 = trials[0] as number;
      const n2 = trials[1] as number;
      const p1 = estimate[0] as number;
      const p2 = estimate[1] as number;
      delta = p1 - p2;
      const sumInv = 1 / n1 + 1 / n2;
      yates = Math.min(yates, Math.abs(delta) / sumInv);
      const width = zCrit * Math.sqrt((p1 * (1 - p1)) / n1 + (p2 * (1 - p2)) / n2) + yates * sumInv;
      confidenceInterval =
        alternative === 'two-sided'
          ? [Math.max(delta - width, -1), Math.min(delta + width, 1)]
          : alternative === 'less'
            ? [-1, Math.min(delta + width, 1)]
            : [Math.max(delta - width, -1), 1];
    }
  }

  let statistic = 0;
  for (let i = 0; i < k; i++) {
    const x = successes[i] as number;
    const n = trials[i] as number;
    const e1 = n * p;
    const e2 = n * (1 - p);
    statistic += (Math.abs(x - e1) - yates) ** 2 / e1 + (Math.abs(n - x - e2) - yates) ** 2 / e2;
  }
  let pValue: number;
  if (alternative === 'two-sided') {
    pValue = chiSquaredSurvival(statistic, df);
  } else {
    const direction = k === 1 ? (estimate[0] as number) - p : delta;
    const z = Math.sign(direction) * Math.sqrt(statistic);
    pValue = alternative === 'less' ? normalCdf(z) : normalCdf(-z);
  }
  const result: ProportionsTestResult = { statistic, df, pValue, estimate };
  return confidenceInterval ? { ...result, confidenceInterval } : result;
}
