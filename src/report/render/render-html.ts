import type { AgentReport } from '../engine/build-report.js';
import type { Verdict } from '../engine/compare-metric.js';
import type { VersionComparison } from '../engine/compare-versions.js';
import { renderMetricChart } from './chart.js';
import { escapeHtml } from './escape.js';
import {
  DASH,
  formatCount,
  formatCoverage,
  formatDifference,
  formatFixed,
  formatLevel,
  formatMetricValue,
  formatPValue,
  formatRole,
} from './format-metric.js';

export interface RenderReportHtmlInput {
  title: string;
  report: AgentReport;
  /** The comparison to lead with, e.g. the latest version against the one before; without it, every comparison of the report. */
  comparison?: VersionComparison;
  /** The config diff as HTML. Inserted as is: the caller guarantees it is already escaped. */
  diffHtml?: string;
  /** A command that would roll back to the baseline, shown for copying. */
  rollbackCommand?: string;
  /** Shown as the generation time; passed in so the same input renders the same bytes. */
  generatedAt?: Date;
}

const ADJUSTMENTS: Record<VersionComparison['adjustment'], string> = {
  holm: 'Holm',
  BH: 'Benjamini–Hochberg',
};

const ADJUSTMENT_NOTES: Record<VersionComparison['adjustment'], string> = {
  holm: "Holm's correction across metrics (controls the chance of any false alarm)",
  BH: 'the Benjamini–Hochberg correction across metrics (controls the share of false alarms)',
};

/** CSS classes by verdict, from a fixed map so no data string ever becomes a class name. */
const VERDICT_CLASSES: Record<Verdict, string> = {
  better: 'verdict better',
  worse: 'verdict worse',
  'no detectable change': 'verdict neutral',
  'not enough data': 'verdict neutral',
  inconclusive: 'verdict neutral',
};

const STYLE = `
:root { color-scheme: light; --worse: #b42318; --better: #067647; --neutral: #5d6b7a; --accent: #c2410c; --line: #d0d7de; }
body { font: 14px/1.5 system-ui, -apple-system, "Segoe UI", sans-serif; color: #1f2328; margin: 0 auto; max-width: 1100px; padding: 24px; box-sizing: border-box; }
h1 { font-size: 1.6em; margin: 0 0 8px; } h2 { font-size: 1.25em; margin: 32px 0 8px; }
dl.meta { display: grid; grid-template-columns: max-content 1fr; gap: 2px 16px; margin: 0 0 16px; }
dl.meta dt { color: var(--neutral); } dl.meta dd { margin: 0; }
.caveat { border-left: 4px solid #d4a72c; background: #fff8c5; padding: 8px 12px; margin: 12px 0; }
.summary { font-size: 1.15em; font-weight: 600; }
.table-wrap { max-width: 100%; }
table { border-collapse: collapse; margin: 8px 0; width: 100%; table-layout: fixed; }
th, td { border-bottom: 1px solid var(--line); padding: 6px 8px; text-align: right; vertical-align: top; overflow-wrap: anywhere; }
table.comparison th:first-child, table.comparison td:first-child { width: 16%; }
th:first-child, td:first-child { text-align: left; }
th { background: #f6f8fa; }
.ci, .n, .sub { display: block; color: var(--neutral); font-size: 0.85em; }
.verdict { font-weight: 600; } .worse { color: var(--worse); } .better { color: var(--better); } .neutral { color: var(--neutral); }
.notes { color: var(--neutral); font-size: 0.9em; }
pre { background: #f6f8fa; border: 1px solid var(--line); padding: 8px 12px; overflow-x: auto; }
.charts { display: grid; grid-template-columns: repeat(auto-fill, minmax(min(460px, 100%), 1fr)); gap: 16px; }
figure { margin: 0; } figcaption { font-weight: 600; }
svg.chart { max-width: 100%; height: auto; font-size: 11px; }
svg .grid { stroke: #eaeef2; } svg .axis { stroke: #8c959f; }
svg .tick, svg .unit { fill: #57606a; } svg .tick.latest { fill: var(--accent); font-weight: 600; }
svg .trend { fill: none; stroke: #8c959f; stroke-width: 1; }
svg .error-bar { stroke: #57606a; stroke-width: 1.5; fill: none; }
svg .point circle { fill: #0969da; } svg .point.latest circle { fill: var(--accent); }
svg .point.missing circle { fill: #fff; stroke: var(--neutral); stroke-dasharray: 2 2; } svg .no-data { fill: var(--neutral); font-style: italic; }
`;

/**
 * The report as one self-contained HTML5 page: inline CSS and SVG only, no scripts, fonts or
 * external resources, so it opens offline and can be attached to a ticket. A Content Security
 * Policy forbids every fetch and script as a second line of defence. Every string from data is
 * escaped; only `diffHtml`, documented as already safe, goes in as is. The output depends on the
 * input alone (pass `generatedAt` for identical bytes).
 */
export function renderReportHtml(input: RenderReportHtmlInput): string {
  const { report, comparison } = input;
  const caveats = [...new Set([report.caveat, comparison?.caveat].filter((text): text is string => Boolean(text)))];
  return [
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">`,
    `<title>${escapeHtml(input.title)}</title>`,
    `<style>${STYLE}</style>`,
    '</head>',
    '<body>',
    '<header>',
    `<h1>${escapeHtml(input.title)}</h1>`,
    renderMeta(report, input.generatedAt ?? new Date()),
    ...caveats.map((caveat) => `<p class="caveat" role="note"><strong>Caution:</strong> ${escapeHtml(caveat)}</p>`),
    '</header>',
    ...(comparison ? [comparison] : report.comparisons).map(renderComparison),
    input.diffHtml === undefined ? '' : `<section class="diff">\n<h2>Config changes</h2>\n${input.diffHtml}\n</section>`,
    input.rollbackCommand === undefined
      ? ''
      : `<section class="rollback">\n<h2>Roll back</h2>\n<pre><code>${escapeHtml(input.rollbackCommand)}</code></pre>\n</section>`,
    renderCharts(report),
    renderVersionTable(report),
    '</body>',
    '</html>',
    '',
  ]
    .filter((part) => part !== '')
    .join('\n');
}

function versionLabel(version: number): string {
  return `@${version}`;
}

/** "from X to Y", "from X", "up to Y" or `all`, for the filters in the header. */
function range(from: string | undefined, to: string | undefined, all: string): string {
  if (from !== undefined && to !== undefined) return `${from} to ${to}`;
  if (from !== undefined) return `from ${from}`;
  if (to !== undefined) return `up to ${to}`;
  return all;
}

/** UTC, to the minute: the same instant reads the same wherever the report is rendered. */
function formatTimestamp(date: Date): string {
  return Number.isFinite(date.getTime()) ? `${date.toISOString().slice(0, 16).replace('T', ' ')} UTC` : 'unknown';
}

function renderMeta(report: AgentReport, generatedAt: Date): string {
  const { filters } = report;
  const firstDates = report.versions.map((v) => v.stats.firstRunDate).filter((d): d is string => d !== null);
  const lastDates = report.versions.map((v) => v.stats.lastRunDate).filter((d): d is string => d !== null);
  const runDates = firstDates.length > 0 ? `${firstDates.sort()[0]} to ${lastDates.sort().at(-1) ?? DASH}` : 'no runs';
  const rows: Array<[string, string]> = [
    ['Agent', report.agentId],
    [
      'Versions',
      range(
        filters.fromVersion === undefined ? undefined : versionLabel(filters.fromVersion),
        filters.toVersion === undefined ? undefined : versionLabel(filters.toVersion),
        'all',
      ),
    ],
    ['Dates', range(filters.fromDate, filters.toDate, 'all')],
    [
      'Runs found',
      `${formatCount(report.versions.reduce((sum, v) => sum + v.stats.nRuns, 0))} in ${report.versions.length} versions, ${runDates}`,
    ],
    ['Generated', formatTimestamp(generatedAt)],
  ];
  return `<dl class="meta">\n${rows.map(([term, value]) => `<dt>${term}</dt><dd>${escapeHtml(value)}</dd>`).join('\n')}\n</dl>`;
}

function renderComparison(comparison: VersionComparison): string {
  const { baseline, candidate } = comparison;
  const adjustment = ADJUSTMENTS[comparison.adjustment];
  const rows = comparison.metrics.map((metric) => {
    const value = (side: typeof metric.baseline) =>
      `${escapeHtml(formatMetricValue(metric.kind, metric.unit, side.value))}<span class="n">${escapeHtml(formatCoverage(side))}</span>`;
    const interval = metric.interval
      ? `<span class="ci">[${escapeHtml(formatDifference(metric.kind, metric.unit, metric.interval[0]))}, ${escapeHtml(formatDifference(metric.kind, metric.unit, metric.interval[1]))}] at ${escapeHtml(formatLevel(metric.intervalLevel))}</span>`
      : '';
    const effect =
      metric.kind === 'rate'
        ? `${formatFixed(metric.minimumEffect * 100, 1)} pp`
        : formatMetricValue('mean', metric.unit, metric.minimumEffect);
    const runs =
      metric.runsNeededPerVersion === null
        ? DASH
        : `${escapeHtml(formatCount(metric.runsNeededPerVersion))}<span class="sub">${
            metric.moreRunsNeeded ? `${escapeHtml(formatCount(metric.moreRunsNeeded))} more` : 'enough'
          } · detects ${escapeHtml(effect)}</span>`;
    return [
      '<tr>',
      `<td>${escapeHtml(metric.label)}</td>`,
      `<td>${value(metric.baseline)}</td>`,
      `<td>${value(metric.candidate)}</td>`,
      `<td>${escapeHtml(formatDifference(metric.kind, metric.unit, metric.difference))}${interval}</td>`,
      `<td>${escapeHtml(formatPValue(metric.pValue))}</td>`,
      `<td>${escapeHtml(formatPValue(metric.adjustedPValue))}</td>`,
      `<td class="${VERDICT_CLASSES[metric.verdict]}">${escapeHtml(metric.verdict)}</td>`,
      `<td>${escapeHtml(formatRole(metric))}</td>`,
      `<td>${runs}</td>`,
      '</tr>',
    ].join('');
  });
  return [
    '<section class="comparison">',
    `<h2>${escapeHtml(baseline.agentVersionId)} → ${escapeHtml(candidate.agentVersionId)}</h2>`,
    `<p class="summary">${escapeHtml(candidate.agentVersionId)} vs ${escapeHtml(baseline.agentVersionId)}: <span class="${VERDICT_CLASSES[comparison.overall]}">${escapeHtml(comparison.overall)}</span></p>`,
    `<p class="decision">Decided by ${escapeHtml(comparison.decidedBy.join(', '))}: ${escapeHtml(comparison.reason)}</p>`,
    '<div class="table-wrap"><table class="comparison">',
    '<thead><tr>',
    '<th>Metric</th>',
    `<th>Baseline<span class="sub">${escapeHtml(baseline.agentVersionId)}</span></th>`,
    `<th>Candidate<span class="sub">${escapeHtml(candidate.agentVersionId)}</span></th>`,
    '<th>Difference<span class="sub">interval at level</span></th>',
    '<th>p-value</th>',
    `<th>Adjusted p<span class="sub">${escapeHtml(adjustment)}</span></th>`,
    '<th>Verdict</th>',
    '<th>Role</th>',
    '<th>Runs needed<span class="sub">per version</span></th>',
    '</tr></thead>',
    `<tbody>\n${rows.join('\n')}\n</tbody>`,
    '</table></div>',
    `<p class="notes">Differences are candidate − baseline; rates differ in percentage points (pp). The verdict follows the primary metric, tested on its own at ${escapeHtml(
      formatPValue(comparison.alpha),
    )} with a ${escapeHtml(formatLevel(1 - comparison.alpha))} interval, and the guardrails, each checked against its margin with a ${escapeHtml(
      formatLevel(1 - 2 * comparison.alpha),
    )} interval. The other p-values are adjusted with ${
      ADJUSTMENT_NOTES[comparison.adjustment]
    }; a metric is better or worse when its adjusted p-value is below ${escapeHtml(formatPValue(comparison.alpha))}, and its interval is at the level its ${
      comparison.adjustment === 'holm' ? 'Holm step' : 'Benjamini–Hochberg cut-off'
    } tested it at, so it excludes 0 exactly then (for rates, up to the gap between the pooled test and its interval). A grade metric counts the runs graded on it (n of the runs). Runs needed: per version, for the configured power to detect the stated change (rates: with Yates' correction, Fleiss–Tytun–Ury), at the metric's coverage.</p>`,
    `<p class="notes">${escapeHtml(comparison.singleLook)}</p>`,
    '</section>',
  ].join('\n');
}

function renderCharts(report: AgentReport): string {
  const charts = report.metrics.map((metric) => {
    const chart = renderMetricChart({
      label: metric.label,
      kind: metric.kind,
      unit: metric.unit,
      confidence: report.confidence,
      points: report.versions.map((version) => {
        const value = version.values[metric.key];
        return {
          label: versionLabel(version.stats.version),
          value: value?.value ?? null,
          interval: value?.interval ?? null,
          n: value?.n ?? 0,
        };
      }),
    });
    return `<figure>\n<figcaption>${escapeHtml(metric.label)}</figcaption>\n${chart}\n</figure>`;
  });
  return [
    '<section class="trends">',
    '<h2>By version</h2>',
    `<p class="notes">Points are each version's value; bars are its ${escapeHtml(formatFixed(report.confidence * 100, 0))}% interval; the latest version is highlighted.</p>`,
    `<div class="charts">\n${charts.join('\n')}\n</div>`,
    '</section>',
  ].join('\n');
}

/** Versions per table: metrics run down the rows, so a table widens with versions only up to this many. */
const VERSIONS_PER_TABLE = 6;

function renderVersionTable(report: AgentReport): string {
  const tables: string[] = [];
  for (let start = 0; start < report.versions.length; start += VERSIONS_PER_TABLE) {
    const versions = report.versions.slice(start, start + VERSIONS_PER_TABLE);
    const header = versions
      .map((version) => {
        const dates = version.stats.firstRunDate ? `${version.stats.firstRunDate} to ${version.stats.lastRunDate ?? DASH}` : 'no runs';
        return `<th>${escapeHtml(version.stats.agentVersionId)}<span class="sub">${escapeHtml(dates)}</span></th>`;
      })
      .join('');
    const runs = versions.map((version) => `<td>${escapeHtml(formatCount(version.stats.nRuns))}</td>`).join('');
    const rows = report.metrics.map((metric) => {
      const cells = versions.map((version) => {
        const value = version.values[metric.key];
        if (!value || value.value === null) return `<td class="neutral">no data</td>`;
        return `<td>${escapeHtml(formatMetricValue(metric.kind, metric.unit, value.value))}<span class="n">${escapeHtml(formatCoverage(value))}</span></td>`;
      });
      return `<tr><td>${escapeHtml(metric.label)}</td>${cells.join('')}</tr>`;
    });
    tables.push(
      [
        '<div class="table-wrap"><table class="versions">',
        `<thead><tr><th>Metric</th>${header}</tr></thead>`,
        `<tbody>\n<tr><td>runs</td>${runs}</tr>\n${rows.join('\n')}\n</tbody>`,
        '</table></div>',
      ].join('\n'),
    );
  }
  return ['<section class="versions">', '<h2>All versions</h2>', ...tables, '</section>'].join('\n');
}
