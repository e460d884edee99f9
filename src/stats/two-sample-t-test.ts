import { resolveAlternative } from './resolve-alternative.js';
import { resolveConfidence } from './resolve-confidence.js';
import { summarizeSample } from './summarize-sample.js';
import { tCdf } from './t-cdf.js';
import { tQuantile } from './t-quantile.js';
import type { SampleInput, TTestOptions, TTestResult } from './types.js';

/** Shared body of `welchTTest` and `studentTTest`: R's t.test.default for two samples. */
export function twoSampleTTest(
  a: SampleInput,
  b: SampleInput,
  options: TTestOptions | undefined,
  equalVariance: boolean,
  fn: string,
): TTestResult {
  const alternative = resolveAlternative(options?.alternative, fn);
  const confidence = resolveConfidence(options?.confidence, fn);
  const mu = options?.mu ?? 0;
  if (typeof mu !== 'number' || !Number.isFinite(mu)) {
    throw new TypeError(`${fn} requires mu to be a finite number`);
  }
  const x = summarizeSample(a, fn, 'a');
  const y = summarizeSample(b, fn, 'b');
  let df: number;
  let stderr: number;
  if (equalVariance) {
    if (x.n + y.n < 3) {
      throw new RangeError(`${fn} requires at least three observations in total`);
    }
    df = x.n + y.n - 2;
    const pooled = ((x.n - 1) * x.variance + (y.n - 1) * y.variance) / df;
    stderr = Math.sqrt(pooled * (1 / x.n + 1 / y.n));
  } else {
    if (x.n < 2 || y.n < 2) {
      throw new RangeError(`${fn} requires at least two observations in each sample`);
    }
    const vx = x.variance / x.n;
    const vy = y.variance / y.n;
    stderr = Math.sqrt(vx + vy);
    df = (vx + vy) ** 2 / (vx ** 2 / (x.n - 1) + vy ** 2 / (y.n - 1));
  }
  if (!(stderr >= 10 * Number.EPSILON * Math.max(Math.abs(x.mean), Math.abs(y.mean))) || stderr === 0) {
    throw new RangeError(`${fn} requires data that are not essentially constant (zero variance)`);
  }
  const estimate = x.mean - y.mean;
  const statistic = (estimate - mu) / stderr;
  let pValue: number;
  let lo: number;
  let hi: number;
  if (alternative === 'less') {
    pValue = tCdf(statistic, df);
    lo = Number.NEGATIVE_INFINITY;
    hi = statistic + tQuantile(confidence, df);
  } else if (alternative === 'greater') {
    pValue = tCdf(-statistic, df);
    lo = statistic - tQuantile(confidence, df);
    hi = Number.POSITIVE_INFINITY;
  } else {
    pValue = Math.min(1, 2 * tCdf(-Math.abs(statistic), df));
    const q = tQuantile(1 - (1 - confidence) / 2, df);
    lo = statistic - q;
    hi = statistic + q;
  }
  return { statistic, df, pValue, confidenceInterval: [mu + lo * stderr, mu + hi * stderr], estimate };
}
