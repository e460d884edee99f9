import { chiSquaredSurvival } from './chi-squared-survival.js';
import type { ChiSquaredTestResult } from './types.js';

const FN = 'chiSquaredTest';

/**
 * Pearson's chi-squared test of independence for an r × c contingency table, as R's
 * `chisq.test(matrix)`.
 *
 * Tests whether the distribution of an outcome (columns) differs between groups (rows), e.g.
 * error categories per agent version. Expected counts are rowSum·colSum/total; X² = Σ(|O − E| − Y)²/E
 * with df = (r − 1)(c − 1). With `correct` (default true, as R) Yates' correction
 * Y = min(0.5, min |O − E|) is applied to 2 × 2 tables only; Y = 0 otherwise.
 *
 * Source: NIST/SEMATECH e-Handbook §7.4.5 and §1.3.5.15
 * (https://www.itl.nist.gov/div898/handbook/eda/section3/eda35f.htm); R documentation `?chisq.test`.
 *
 * Cost: O(r·c).
 *
 * @example
 * // R's example (party by gender): chisq.test(rbind(c(762, 327, 468), c(484, 239, 477)))
 * chiSquaredTest([[762, 327, 468], [484, 239, 477]]);
 * // { statistic: 30.07015, df: 2, pValue: 2.953589e-07, expected: [[703.67, 319.65, 533.68], [542.33, 246.35, 411.32]] }
 */
export function chiSquaredTest(table: readonly (readonly number[])[], options?: { correct?: boolean }): ChiSquaredTestResult {
  if (!Array.isArray(table) || table.length < 2 || !table.every((row) => Array.isArray(row))) {
    throw new RangeError(`${FN} requires a table with at least two rows and two columns`);
  }
  const r = table.length;
  const c = (table[0] as readonly number[]).length;
  if (c < 2 || table.some((row) => row.length !== c)) {
    throw new RangeError(`${FN} requires a table with at least two rows and two columns, all rows of equal length`);
  }
  for (const row of table) {
    for (const v of row) {
      if (typeof v !== 'number' || !Number.isFinite(v)) throw new TypeError(`${FN} requires finite counts`);
      if (v < 0) throw new RangeError(`${FN} requires non-negative counts`);
    }
  }
  const correct = options?.correct ?? true;
  if (typeof correct !== 'boolean') throw new TypeError(`${FN} requires correct to be a boolean`);
  const rowSums = table.map((row) => row.reduce((s, v) => s + v, 0));
  const colSums = Array.from({ length: c }, (_, j) => table.reduce((s, row) => s + (row[j] as number), 0));
  const total = rowSums.reduce((s, v) => s + v, 0);
  if (rowSums.some((s) => s === 0) || colSums.some((s) => s === 0)) {
    throw new RangeError(`${FN} requires every row and column to have a positive total`);
  }
  const expected = rowSums.map((rs) => colSums.map((cs) => (rs * cs) / total));
  let yates = 0;
  if (correct && r === 2 && c === 2) {
    yates = 0.5;
    for (let i = 0; i < 2; i++) {
      for (let j = 0; j < 2; j++) {
        yates = Math.min(yates, Math.abs(((table[i] as readonly number[])[j] as number) - ((expected[i] as number[])[j] as number)));
      }
    }
  }
  let statistic = 0;
  for (let i = 0; i < r; i++) {
    for (let j = 0; j < c; j++) {
      const e = (expected[i] as number[])[j] as number;
      statistic += (Math.abs(((table[i] as readonly number[])[j] as number) - e) - yates) ** 2 / e;
    }
  }
  const df = (r - 1) * (c - 1);
  return { statistic, df, pValue: chiSquaredSurvival(statistic, df), expected };
}
