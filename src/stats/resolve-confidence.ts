/** Checks a `confidence` option (default 0.95); the error names the calling function. */
export function resolveConfidence(value: unknown, fn: string): number {
  if (value === undefined) return 0.95;
  if (typeof value !== 'number' || !(value > 0 && value < 1)) {
    throw new RangeError(`${fn} requires confidence to be a number strictly between 0 and 1`);
  }
  return value;
}
