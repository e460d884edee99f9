import { logBeta } from './log-beta.js';

/**
 * Density of Student's t distribution with `df` degrees of freedom (R's `dt(x, df)`):
 * (1 + x²/ν)^(−(ν+1)/2) / (√ν · B(ν/2, ½)), with the beta function taken from `logBeta` so that
 * large ν does not cancel digits. O(1).
 */
export function tPdf(x: number, df: number): number {
  if (df === Number.POSITIVE_INFINITY) return Math.exp(-0.5 * x * x) / Math.sqrt(2 * Math.PI);
  const ax = Math.abs(x);
  const logKernel = ax < 1e100 ? Math.log1p((x * x) / df) : 2 * Math.log(ax) - Math.log(df) + Math.log1p(df / ax / ax);
  return Math.exp(-logBeta(0.5, df / 2) - 0.5 * Math.log(df) - ((df + 1) / 2) * logKernel);
}
