import type { Alternative } from './types.js';

/** Checks an `alternative` option (default 'two-sided'); the error names the calling function. */
export function resolveAlternative(value: unknown, fn: string): Alternative {
  if (value === undefined) return 'two-sided';
  if (value === 'two-sided' || value === 'less' || value === 'greater') return value;
  throw new TypeError(`${fn} requires alternative to be 'two-sided', 'less' or 'greater'`);
}
