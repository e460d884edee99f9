/** Number formats shared by the text and markdown reports. */

export function formatValue(kind: 'rate' | 'mean', unit: string, value: number | null): string {
  if (value === null) return '—';
  if (kind === 'rate') return `${(value * 100).toFixed(1)}%`;
  if (unit === 'USD') return `$${value.toFixed(Math.abs(value) < 1 ? 4 : 2)}`;
  const digits = Math.abs(value) >= 100 ? 0 : Math.abs(value) >= 1 ? 2 : 3;
  return `${value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits })}${unit && unit !== 'USD' ? ` ${unit}` : ''}`;
}

/** A difference: percentage points for rates, the metric's unit for means, with a real minus sign. */
export function formatDifference(kind: 'rate' | 'mean', unit: string, value: number | null): string {
  if (value === null) return '—';
  const sign = value > 0 ? '+' : value < 0 ? '−' : '±';
  if (kind === 'rate') return `${sign}${Math.abs(value * 100).toFixed(1)} pp`;
  return `${sign}${formatValue(kind, unit, Math.abs(value))}`;
}

export function formatInterval(kind: 'rate' | 'mean', unit: string, interval: readonly [number, number] | null): string {
  if (!interval) return '';
  return `(${formatDifference(kind, unit, interval[0])}, ${formatDifference(kind, unit, interval[1])})`;
}

/** As R's format.pval with 3 digits: "< 0.001" for small values. */
export function formatPValue(p: number | null): string {
  if (p === null) return '—';
  if (p < 0.001) return '< 0.001';
  return Number(p.toPrecision(3)).toString();
}
