import { sum as compensatedSum } from 'simple-statistics';
import type { SampleInput } from './types.js';
import { varianceFromSums } from './variance-from-sums.js';

/** Size, mean and sample variance (denominator n − 1; 0 when n = 1) of one sample. */
export interface SampleMoments {
  n: number;
  mean: number;
  variance: number;
}

/**
 * Reduces raw values, { n, mean, variance } or { n, sum, sumSquares } to n, mean and sample
 * variance, checking the input; errors name the calling function `fn` and the argument `label`.
 * Raw values: the mean from simple-statistics' compensated (Kahan–Babuška–Neumaier) `sum`, then
 * the corrected two-pass variance (Σ(x − x̄)² − (Σ(x − x̄))²/n)/(n − 1) (Chan, Golub & LeVeque
 * 1983), which is more accurate than simple-statistics' `sampleVariance` (plain two-pass) when
 * x̄ carries rounding error. Σx/Σx² summaries use `varianceFromSums`, which loses digits when
 * the mean is large relative to the spread (unavoidable from those sums).
 */
export function summarizeSample(input: SampleInput, fn: string, label: string): SampleMoments {
  if (Array.isArray(input)) {
    const values = input as readonly number[];
    const n = values.length;
    if (n === 0) throw new RangeError(`${fn} requires at least one observation in ${label}`);
    for (const v of values) {
      if (typeof v !== 'number' || !Number.isFinite(v)) {
        throw new TypeError(`${fn} requires finite numbers in ${label}`);
      }
    }
    const mean = compensatedSum(values as number[]) / n;
    let ss = 0;
    let comp = 0;
    for (const v of values) {
      ss += (v - mean) * (v - mean);
      comp += v - mean;
    }
    const variance = n > 1 ? (ss - (comp * comp) / n) / (n - 1) : 0;
    return { n, mean, variance: Math.max(0, variance) };
  }
  if (typeof input !== 'object' || input === null) {
    throw new TypeError(`${fn} requires ${label} to be an array of numbers or a summary object`);
  }
  const s = input as unknown as Record<string, unknown>;
  const n = s.n;
  if (typeof n !== 'number' || !Number.isFinite(n) || n < 1) {
    throw new RangeError(`${fn} requires ${label}.n to be a finite number of at least 1`);
  }
  if ('mean' in s || 'variance' in s) {
    const { mean, variance } = s;
    if (typeof mean !== 'number' || !Number.isFinite(mean)) {
      throw new TypeError(`${fn} requires ${label}.mean to be a finite number`);
    }
    if (typeof variance !== 'number' || !Number.isFinite(variance) || variance < 0) {
      throw new RangeError(`${fn} requires ${label}.variance to be a finite non-negative number`);
    }
    return { n, mean, variance: n > 1 ? variance : 0 };
  }
  if ('sum' in s || 'sumSquares' in s) {
    const { sum, sumSquares } = s;
    if (typeof sum !== 'number' || !Number.isFinite(sum)) {
      throw new TypeError(`${fn} requires ${label}.sum to be a finite number`);
    }
    if (typeof sumSquares !== 'number' || !Number.isFinite(sumSquares) || sumSquares < 0) {
      throw new RangeError(`${fn} requires ${label}.sumSquares to be a finite non-negative number`);
    }
    return { n, mean: sum / n, variance: n > 1 ? varianceFromSums({ n, sum, sumSquares }) : 0 };
  }
  throw new TypeError(`${fn} requires ${label} to have { n, mean, variance } or { n, sum, sumSquares }`);
}
