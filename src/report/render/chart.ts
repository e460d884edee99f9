import { escapeHtml } from './escape.js';
import { formatCount, formatFixed, formatMetricValue } from './format-metric.js';

export interface ChartPoint {
  /** The x label, e.g. "@3". */
  label: string;
  value: number | null;
  interval: [number, number] | null;
  n: number;
}

export interface ChartSpec {
  label: string;
  kind: 'rate' | 'mean';
  unit: string;
  /** Versions in order; the last one is highlighted as the latest. */
  points: ChartPoint[];
  confidence: number;
}

export interface Axis {
  domain: [number, number];
  ticks: number[];
  /** Decimals that show every tick exactly (for rates, of the percentage). */
  decimals: number;
}

const WIDTH = 600;
const HEIGHT = 220;
const MARGIN = { top: 24, right: 16, bottom: 36, left: 60 };
const PLOT_WIDTH = WIDTH - MARGIN.left - MARGIN.right;
const PLOT_HEIGHT = HEIGHT - MARGIN.top - MARGIN.bottom;

/** Coordinates with one decimal: short output, and identical on every run. */
const px = (x: number) => x.toFixed(1);

const finite = (x: number | null | undefined): x is number => typeof x === 'number' && Number.isFinite(x);

/** The 1, 2 or 5 × 10^k step closest above span / target, so ticks read as round numbers. */
export function niceStep(span: number, target: number): number {
  const raw = span / target;
  const power = 10 ** Math.floor(Math.log10(raw));
  // The tolerance keeps float noise (0.2 / 0.1 = 2.0000000000000004) from skipping a step size.
  const fraction = raw / power - 1e-9;
  return (fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 5 ? 5 : 10) * power;
}

/**
 * The y axis for the given values and interval ends: the data ± 10% padding, widened to round
 * ticks. Rates stay within 0–100% and non-negative means stay non-negative, so the axis never
 * shows impossible values. Without data the axis is 0–1, so the chart still draws.
 */
export function valueAxis(kind: 'rate' | 'mean', values: number[], target = 4): Axis {
  const data = values.filter(finite);
  let lo = data.length > 0 ? Math.min(...data) : 0;
  let hi = data.length > 0 ? Math.max(...data) : 1;
  const pad = data.length === 0 ? 0 : hi > lo ? (hi - lo) * 0.1 : Math.abs(hi) * 0.1 || (kind === 'rate' ? 0.05 : 1);
  const floor = kind === 'rate' || lo >= 0 ? 0 : Number.NEGATIVE_INFINITY;
  const ceiling = kind === 'rate' ? 1 : Number.POSITIVE_INFINITY;
  lo = Math.max(floor, lo - pad);
  hi = Math.min(ceiling, hi + pad);
  const step = niceStep(hi - lo, target);
  const decimals = Math.max(0, -Math.floor(Math.log10(step)));
  const round = (x: number) => Number(x.toFixed(decimals));
  const start = round(Math.max(floor, Math.floor(lo / step) * step));
  const end = round(Math.min(ceiling, Math.ceil(hi / step) * step));
  const count = Math.round((end - start) / step);
  const ticks = Array.from({ length: count + 1 }, (_, i) => round(start + i * step));
  return { domain: [start, end], ticks, decimals: kind === 'rate' ? Math.max(0, decimals - 2) : decimals };
}

/** A linear map from the domain onto [range0, range1]; a zero-width domain maps to the middle rather than to NaN. */
export function linearScale([d0, d1]: [number, number], [r0, r1]: [number, number]): (x: number) => number {
  if (d1 === d0) return () => (r0 + r1) / 2;
  return (x) => r0 + ((x - d0) / (d1 - d0)) * (r1 - r0);
}

function tickLabel(kind: 'rate' | 'mean', x: number, decimals: number): string {
  return kind === 'rate' ? `${formatFixed(x * 100, decimals)}%` : formatFixed(x, decimals);
}

function pointTitle(spec: ChartSpec, point: ChartPoint): string {
  if (!finite(point.value)) return `${point.label}: no data`;
  const value = formatMetricValue(spec.kind, spec.unit, point.value);
  const interval = point.interval
    ? `, ${formatFixed(spec.confidence * 100, 0)}% CI ${formatMetricValue(spec.kind, spec.unit, point.interval[0])} to ${formatMetricValue(spec.kind, spec.unit, point.interval[1])}`
    : '';
  return `${point.label}: ${value} (n = ${formatCount(point.n)})${interval}`;
}

/**
 * One metric across versions as an inline SVG: a point per version with its interval as an error
 * bar, a thin line between neighbouring versions with data, and the latest version highlighted.
 * Versions without data get a hollow marker on the axis and "no data", so gaps stay visible.
 * Native <title> tooltips give exact values without any script.
 */
export function renderMetricChart(spec: ChartSpec): string {
  const bounds = spec.points.flatMap((point) => [point.value, ...(point.interval ?? [])]).filter(finite);
  const axis = valueAxis(spec.kind, bounds);
  const y = linearScale(axis.domain, [MARGIN.top + PLOT_HEIGHT, MARGIN.top]);
  const band = PLOT_WIDTH / Math.max(1, spec.points.length);
  const x = (index: number) => MARGIN.left + band * (index + 0.5);
  const bottom = MARGIN.top + PLOT_HEIGHT;
  const latestIndex = spec.points.length - 1;
  const latest = spec.points[latestIndex];
  const title = `${spec.label} by version`;
  const summary = latest ? `${title}; latest ${pointTitle(spec, latest)}` : `${title}; no versions`;

  const grid = axis.ticks.map((tick) => {
    const ty = px(y(tick));
    return (
      `<line class="grid" x1="${MARGIN.left}" x2="${WIDTH - MARGIN.right}" y1="${ty}" y2="${ty}"/>` +
      `<text class="tick" x="${MARGIN.left - 6}" y="${ty}" text-anchor="end" dominant-baseline="middle">${escapeHtml(tickLabel(spec.kind, tick, axis.decimals))}</text>`
    );
  });
  const xLabels = spec.points.map(
    (point, index) =>
      `<text class="tick${index === latestIndex ? ' latest' : ''}" x="${px(x(index))}" y="${bottom + 18}" text-anchor="middle">${escapeHtml(point.label)}</text>`,
  );

  // The line breaks at versions without data instead of bridging them.
  let path = '';
  spec.points.forEach((point, index) => {
    const previous = spec.points[index - 1];
    if (!finite(point.value)) return;
    path += `${previous && finite(previous.value) ? 'L' : 'M'}${px(x(index))},${px(y(point.value))}`;
  });

  const marks = spec.points.map((point, index) => {
    const cx = px(x(index));
    const cls = index === latestIndex ? 'point latest' : 'point';
    const tooltip = `<title>${escapeHtml(pointTitle(spec, point))}</title>`;
    if (!finite(point.value)) {
      return `<g class="${cls} missing">${tooltip}<circle cx="${cx}" cy="${px(bottom)}" r="4"/><text class="no-data" x="${cx}" y="${px(bottom - 10)}" text-anchor="middle">no data</text></g>`;
    }
    const [lo, hi] = point.interval ?? [Number.NaN, Number.NaN];
    const bar =
      finite(lo) && finite(hi)
        ? `<path class="error-bar" d="M${cx},${px(y(lo))}V${px(y(hi))}M${px(x(index) - 5)},${px(y(lo))}h10M${px(x(index) - 5)},${px(y(hi))}h10"/>`
        : '';
    return `<g class="${cls}">${tooltip}${bar}<circle cx="${cx}" cy="${px(y(point.value))}" r="${index === latestIndex ? 6 : 4}"/></g>`;
  });

  // Rate ticks carry their own % sign; means name their unit once, above the axis.
  const unit = spec.kind === 'rate' ? '' : spec.unit;
  return [
    `<svg class="chart" viewBox="0 0 ${WIDTH} ${HEIGHT}" width="${WIDTH}" height="${HEIGHT}" role="img" aria-label="${escapeHtml(summary)}">`,
    `<title>${escapeHtml(summary)}</title>`,
    ...grid,
    unit ? `<text class="unit" x="${MARGIN.left - 6}" y="${MARGIN.top - 10}" text-anchor="end">${escapeHtml(unit)}</text>` : '',
    `<line class="axis" x1="${MARGIN.left}" x2="${WIDTH - MARGIN.right}" y1="${bottom}" y2="${bottom}"/>`,
    ...xLabels,
    path ? `<path class="trend" d="${path}"/>` : '',
    ...marks,
    '</svg>',
  ]
    .filter(Boolean)
    .join('\n');
}
