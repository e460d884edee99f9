import { formatTable } from '../report/render/format-table.js';
import type { MetricVerdict } from '../rollout/decide-rollout.js';
import type { CanaryDecision, WatchResult } from './watch-canaries.js';

const METRIC_HEADERS = ['metric', 'role', 'baseline', 'candidate', 'difference', 'always-valid interval', 'margin', 'CUPED', 'verdict'];

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
  // CUPED: how much of the difference's variance each unit's history explained.
  const r = m.varianceReduction;
  const cuped = r === null ? '' : `${r >= 0 ? '−' : '+'}${num(Math.abs(100 * r))}% var`;
  return [m.metric, m.role, num(m.baseline), num(m.candidate), num(m.difference), interval, margin(m), cuped, m.verdict];
}

/** Which means were compared capped, and at what: the comparison is of capped means. */
function capsLine(d: CanaryDecision): string[] {
  const capped = d.metrics.filter((m) => d.caps !== null && m.metric in d.caps && d.caps[m.metric as keyof typeof d.caps] !== null);
  if (capped.length === 0 || d.caps === null) return [];
  const caps = d.caps;
  const list = capped.map((m) => `${m.metric} at ${num(caps[m.metric as keyof typeof caps])}`).join(', ');
  return [`  capped:   means winsorized at the canary's pooled p99: ${list}`];
}

function share(units: { baseline: number; candidate: number }): string {
  const total = units.baseline + units.candidate;
  return total > 0 ? `${num((100 * units.candidate) / total)}%` : '–';
}

/** Each entry state: its share, units and runs per arm, and the primary's difference in it. */
function strataLines(d: CanaryDecision): string[] {
  if (d.strata.length === 0) return [];
  const primary = d.metrics.find((m) => m.role === 'primary');
  const rows = d.strata.map((s) => {
    const part = primary?.strata.find((p) => p.release_number === s.release_number);
    return [
      `release ${s.release_number}`,
      `${num(s.candidate_percent)}%`,
      `${s.units.baseline} / ${s.units.candidate}`,
      share(s.units),
      `${s.runs.baseline} / ${s.runs.candidate}`,
      part ? num(part.difference) : '',
      part ? `${num(100 * part.weight)}%` : '',
      pValue(s.srm_p_value),
    ];
  });
  const headers = [
    'entered in',
    'share',
    'units b / c',
    'candidate',
    'runs b / c',
    `${primary?.metric ?? 'primary'} diff`,
    'weight',
    'SRM p',
  ];
  return [
    '  strata (units by the state they entered in; compared within each, combined by weight):',
    formatTable(headers, rows).replace(/^/gm, '    '),
  ];
}

/** Where the canary is in its ramp, and the ship rule. */
function scheduleLine(d: CanaryDecision): string[] {
  const s = d.schedule;
  if (s === null || (s.ramp.length === 0 && s.ship_when === 'better')) return [];
  if (s.ramp.length === 0) return [`  ship:     when ${s.ship_when}, at the horizon (no ramp: the share moves when a person moves it)`];
  const next = s.next_percent === 100 ? 'then the ship rule (100%)' : `next ${num(s.next_percent)}%`;
  return [
    `  ramp:     ${s.ramp.map((p) => `${num(p)}%`).join(' → ')}, ${num(s.stage_hours)} h a share; at ${num(s.percent)}% for ${num(s.hours_in_stage)} h, ${next}; ship when ${s.ship_when}`,
  ];
}

function renderDecision(d: CanaryDecision): string {
  return [
    `${d.label} of ${d.agent_id}, release ${d.release_number} (canary since release ${d.canary_release_number}, day ${d.days_since_start.toFixed(1)}): ` +
      `version ${d.baseline_version} (baseline) vs version ${d.candidate_version} (candidate) at ${d.candidate_percent}%`,
    `  decision: ${d.decision}`,
    `  reason:   ${d.reason}`,
    ...scheduleLine(d),
    `  units:    baseline ${d.units.baseline}, candidate ${d.units.candidate} (candidate ${share(d.units)}, expected ${num(d.expected_candidate_percent)}%); SRM p = ${pValue(d.srm_p_value)}; misassigned ${d.misassigned_units}`,
    `  runs:     baseline ${d.runs.baseline}, candidate ${d.runs.candidate}`,
    ...strataLines(d),
    formatTable(METRIC_HEADERS, d.metrics.map(metricRow)).replace(/^/gm, '  '),
    ...capsLine(d),
    `  method:   ${d.method}`,
    `  applied:  ${d.applied ? 'yes' : 'no'} (${d.apply_note})`,
  ].join('\n');
}

/**
 * A watch run as text: per canary its decision, the reason in one sentence, units and runs per
 * arm with the SRM p-value, each entry state (stratum), and per metric its role, values, difference with its always-valid interval, margin
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
