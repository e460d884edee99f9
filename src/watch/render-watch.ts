import { formatTable } from '../report/render/format-table.js';
import type { MetricVerdict } from '../rollout/decide-rollout.js';
import type { CanaryDecision, WatchResult } from './watch-canaries.js';

const METRIC_HEADERS = ['metric', 'role', 'baseline', 'candidate', 'difference', 'always-valid interval', 'margin', 'verdict'];

function num(x: number | null): string {
  if (x === null || !Number.isFinite(x)) return '';
  return Math.abs(x) >= 1000 ? x.toFixed(0) : Number(x.toPrecision(3)).toString();
}

function pValue(p: number): string {
  return p < 1e-4 ? p.toExponential(1) : Number(p.toPrecision(3)).toString();
}

function margin(m: MetricVerdict): string {
  if (m.margin === null) return '';
  const sign = m.better === 'lower' ? '+' : '-';
  return m.margin.relative ? `${sign}${num(m.margin.value * 100)}% (${num(m.margin.absolute)})` : `${sign}${num(m.margin.value)}`;
}

function metricRow(m: MetricVerdict): string[] {
  const interval = m.interval ? `[${num(m.interval[0])}, ${num(m.interval[1])}]` : '';
  return [m.metric, m.role, num(m.baseline), num(m.candidate), num(m.difference), interval, margin(m), m.verdict];
}

/** Which means were compared capped, and at what: the comparison is of capped means. */
function capsLine(d: CanaryDecision): string[] {
  const capped = d.metrics.filter((m) => d.caps !== null && m.metric in d.caps && d.caps[m.metric as keyof typeof d.caps] !== null);
  if (capped.length === 0 || d.caps === null) return [];
  const caps = d.caps;
  const list = capped.map((m) => `${m.metric} at ${num(caps[m.metric as keyof typeof caps])}`).join(', ');
  return [`  capped:   means winsorized at the canary's pooled p99: ${list}`];
}

function renderDecision(d: CanaryDecision): string {
  const total = d.runs.baseline + d.runs.candidate;
  const share = total > 0 ? ` (candidate ${num((100 * d.runs.candidate) / total)}%, expected ${num(d.expected_candidate_percent)}%)` : '';
  return [
    `${d.label} of ${d.agent_id}, release ${d.release_number} (canary since release ${d.canary_release_number}, day ${d.days_since_start.toFixed(1)}): ` +
      `version ${d.baseline_version} (baseline) vs version ${d.candidate_version} (candidate) at ${d.candidate_percent}%`,
    `  decision: ${d.decision}`,
    `  reason:   ${d.reason}`,
    `  runs:     baseline ${d.runs.baseline}, candidate ${d.runs.candidate}${share}; SRM p = ${pValue(d.srm_p_value)}`,
    formatTable(METRIC_HEADERS, d.metrics.map(metricRow)).replace(/^/gm, '  '),
    ...capsLine(d),
    `  applied:  ${d.applied ? 'yes' : 'no'} (${d.apply_note})`,
  ].join('\n');
}

/**
 * A watch run as text: per canary its decision, the reason in one sentence, runs per arm with the
 * SRM p-value, and per metric its role, values, difference with its always-valid interval, margin
 * and verdict, then what was applied.
 * @example
 * renderWatch({ request_id: 'watch-1', decisions: [] });
 * // 'No canary is running (watch-1).'
 */
export function renderWatch(result: WatchResult): string {
  if (result.decisions.length === 0) return `No canary is running (${result.request_id}).`;
  return [
    ...result.decisions.map(renderDecision),
    `${result.decisions.length} canar${result.decisions.length === 1 ? 'y' : 'ies'} evaluated; decisions written to release_decisions (request ${result.request_id}).`,
  ].join('\n\n');
}
