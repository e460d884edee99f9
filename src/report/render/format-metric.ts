/**
 * Number formats of every report (text, markdown, HTML). They return plain text (HTML escapes it)
 * and avoid the locale APIs on purpose, so a report renders byte for byte the same on every machine.
 */

/** U+2212: a real minus sign, the width of a plus sign, so signed columns line up. */
export const MINUS = '\u2212';

/** For missing values: no data, no test, no power estimate. */
export const DASH = '—';

/** Fixed decimals with thousands separators and a real minus sign; never "−0.0". */
export function formatFixed(x: number, decimals: number): string {
  if (!Number.isFinite(x)) return DASH;
  const fixed = Math.abs(x).toFixed(decimals);
  const [whole = '0', fraction] = fixed.split('.');
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const body = fraction === undefined ? grouped : `${grouped}.${fraction}`;
  return x < 0 && /[1-9]/.test(fixed) ? `${MINUS}${body}` : body;
}

/** Decimals that show `digits` significant digits of x, but none past the units once x is large. */
export function significantDecimals(x: number, digits = 3): number {
  if (x === 0 || !Number.isFinite(x)) return 0;
  return Math.min(8, Math.max(0, digits - 1 - Math.floor(Math.log10(Math.abs(x)))));
}

/** Attaches a unit: dollars as a prefix ("$0.0123", "−$0.0012"), anything else as a suffix ("1,234 ms"). */
export function withUnit(text: string, unit: string): string {
  if (unit === 'USD') return text.startsWith(MINUS) ? `${MINUS}$${text.slice(MINUS.length)}` : `$${text}`;
  return unit ? `${text} ${unit}` : text;
}

/** A rate as a percentage with one decimal: 0.72 → "72.0%". */
export function formatRate(p: number | null): string {
  return p === null || !Number.isFinite(p) ? DASH : `${formatFixed(p * 100, 1)}%`;
}

/** A mean with three significant digits (whole numbers from 100 up), cents at least for dollars. */
export function formatMean(x: number | null, unit: string): string {
  if (x === null || !Number.isFinite(x)) return DASH;
  const decimals = unit === 'USD' ? Math.max(2, significantDecimals(x)) : significantDecimals(x);
  return withUnit(formatFixed(x, decimals), unit);
}

export function formatMetricValue(kind: 'rate' | 'mean', unit: string, value: number | null): string {
  return kind === 'rate' ? formatRate(value) : formatMean(value, unit);
}

/** A signed difference: percentage points for rates ("−14.0 pp"), the metric's unit for means ("+$0.0012"). */
export function formatDifference(kind: 'rate' | 'mean', unit: string, d: number | null): string {
  if (d === null || !Number.isFinite(d)) return DASH;
  const text = kind === 'rate' ? `${formatFixed(d * 100, 1)} pp` : formatMean(d, unit);
  return d > 0 && /[1-9]/.test(text) ? `+${text}` : text;
}

/** As R's format.pval(p, digits = 3, eps = 0.001): "< 0.001" below eps, else 3 significant digits without trailing zeros. */
export function formatPValue(p: number | null): string {
  if (p === null || !Number.isFinite(p)) return DASH;
  if (p < 0.001) return '< 0.001';
  return String(Number(p.toPrecision(3)));
}

export function formatCount(n: number): string {
  return formatFixed(n, 0);
}

/** A confidence interval of a difference: "(−17.9 pp, −10.1 pp)". */
export function formatInterval(kind: 'rate' | 'mean', unit: string, interval: readonly [number, number] | null): string {
  return interval ? `(${formatDifference(kind, unit, interval[0])}, ${formatDifference(kind, unit, interval[1])})` : '';
}

/** A confidence level as a percentage, up to one decimal: 0.95 → "95%", 0.98333 → "98.3%". */
export function formatLevel(level: number | null): string {
  return level === null || !Number.isFinite(level) ? '' : `${String(Number((level * 100).toFixed(1)))}%`;
}

/** Observations behind a value, and out of how many runs when not all of them count: "n=500", "n=150 of 500 runs". */
export function formatCoverage(value: { n: number; runs: number }): string {
  if (value.n >= value.runs) return `n=${formatCount(value.n)}`;
  return `n=${formatCount(value.n)} of ${formatCount(value.runs)} runs`;
}

/** What a metric does in the verdict: "primary", "guardrail +10%: within margin", or a dash. */
export function formatRole(metric: {
  role: 'primary' | 'guardrail' | 'secondary';
  better: 'higher' | 'lower';
  margin: { margin: number; relative: boolean } | null;
  marginVerdict: string | null;
}): string {
  if (metric.role !== 'guardrail' || metric.margin === null) return metric.role === 'primary' ? 'primary' : DASH;
  const sign = metric.better === 'lower' ? '+' : MINUS;
  const size = metric.margin.relative ? `${String(Number((metric.margin.margin * 100).toFixed(2)))}%` : String(metric.margin.margin);
  return `guardrail ${sign}${size}: ${metric.marginVerdict ?? DASH}`;
}
