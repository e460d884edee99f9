/**
 * Checks the `previous` look an always-valid test carries forward (its p-value and interval);
 * the error names the calling function `fn`.
 */
export function checkPreviousLook(previous: unknown, fn: string): void {
  if (previous === undefined) return;
  const p = previous as { pValue?: unknown; confidenceInterval?: readonly unknown[] };
  const [lo, hi] = p?.confidenceInterval ?? [];
  if (
    typeof p?.pValue !== 'number' ||
    !(p.pValue >= 0 && p.pValue <= 1) ||
    typeof lo !== 'number' ||
    typeof hi !== 'number' ||
    Number.isNaN(lo) ||
    Number.isNaN(hi)
  ) {
    throw new TypeError(`${fn} requires previous to be an earlier result with pValue and confidenceInterval`);
  }
}
