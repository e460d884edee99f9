import type { AgentReport } from '../engine/build-report.js';
import type { VersionComparison } from '../engine/compare-versions.js';
import {
  formatCoverage,
  formatDifference,
  formatInterval,
  formatLevel,
  formatMetricValue,
  formatPValue,
  formatRole,
} from './format-metric.js';
import { formatMarkdownTable, formatTable } from './format-table.js';

const HEADERS = (comparison: VersionComparison) => [
  'metric',
  `@${comparison.baseline.version}`,
  `@${comparison.candidate.version}`,
  'difference (interval, level)',
  'p',
  `p (${comparison.adjustment})`,
  'verdict',
  'role',
  'runs for 80% power',
];

function comparisonRows(comparison: VersionComparison): string[][] {
  return comparison.metrics.map((m) => [
    m.label,
    `${formatMetricValue(m.kind, m.unit, m.baseline.value)} (${formatCoverage(m.baseline)})`,
    `${formatMetricValue(m.kind, m.unit, m.candidate.value)} (${formatCoverage(m.candidate)})`,
    `${formatDifference(m.kind, m.unit, m.difference)} ${formatInterval(m.kind, m.unit, m.interval)} ${formatLevel(m.intervalLevel)}`.trim(),
    formatPValue(m.pValue),
    formatPValue(m.adjustedPValue),
    m.verdict,
    formatRole(m),
    m.runsNeededPerVersion === null ? '—' : `${m.runsNeededPerVersion}${m.moreRunsNeeded ? ` (${m.moreRunsNeeded} more)` : ''}`,
  ]);
}

function title(comparison: VersionComparison): string {
  const { baseline, candidate } = comparison;
  return `${baseline.agentVersionId} → ${candidate.agentVersionId}: ${comparison.overall} (runs: ${baseline.nRuns} vs ${candidate.nRuns})`;
}

/** Why the verdict is what it is, and how the intervals beside the verdicts were made. */
function notes(comparison: VersionComparison): string[] {
  return [
    `decided by ${comparison.decidedBy.join(', ')}: ${comparison.reason}`,
    `intervals: the primary's at ${formatLevel(1 - comparison.alpha)} (tested alone at alpha ${comparison.alpha}); the others' at the level of ` +
      `their ${comparison.adjustment === 'holm' ? 'Holm step' : 'Benjamini–Hochberg cut-off'}, so each excludes 0 when its verdict is better or worse; ` +
      `a guardrail's margin is checked with a ${formatLevel(1 - 2 * comparison.alpha)} interval (one-sided ${comparison.alpha}).`,
  ];
}

/** The comparison as a terminal table, with the caveat and, when worse, the rollback command. */
export function renderComparisonText(
  comparison: VersionComparison,
  extras: { diffText?: string; rollbackCommand?: string; caveat?: boolean; singleLook?: boolean } = {},
): string {
  return [
    title(comparison),
    '',
    formatTable(HEADERS(comparison), comparisonRows(comparison)),
    '',
    ...notes(comparison),
    ...(extras.caveat === false ? [] : ['', `note: ${comparison.caveat}`]),
    ...(extras.singleLook ? [`note: ${comparison.singleLook}`] : []),
    ...(extras.diffText ? ['', 'what changed:', extras.diffText] : []),
    ...(extras.rollbackCommand
      ? ['', `${comparison.candidate.agentVersionId} is worse. To roll back:`, `  ${extras.rollbackCommand}`]
      : []),
  ].join('\n');
}

/** The comparison for a pull request or chat. */
export function renderComparisonMarkdown(
  comparison: VersionComparison,
  extras: { diffMarkdown?: string; rollbackCommand?: string; caveat?: boolean; level?: number; singleLook?: boolean } = {},
): string {
  const level = extras.level ?? 1;
  return [
    `${'#'.repeat(level)} ${title(comparison)}`,
    '',
    formatMarkdownTable(HEADERS(comparison), comparisonRows(comparison)),
    '',
    ...notes(comparison).map((line) => `- ${line}`),
    ...(extras.caveat === false ? [] : ['', `> ${comparison.caveat}`]),
    ...(extras.singleLook ? ['', `> ${comparison.singleLook}`] : []),
    ...(extras.diffMarkdown ? ['', `${'#'.repeat(level + 1)} What changed`, '', extras.diffMarkdown] : []),
    ...(extras.rollbackCommand
      ? ['', `**${comparison.candidate.agentVersionId} is worse.** To roll back:`, '', '```sh', extras.rollbackCommand, '```']
      : []),
  ].join('\n');
}

function reportRows(report: AgentReport): string[][] {
  return report.versions.map((version) => [
    version.stats.agentVersionId,
    String(version.stats.nRuns),
    ...report.metrics.map((metric) => {
      const value = version.values[metric.key];
      return value ? formatMetricValue(metric.kind, metric.unit, value.value) : '—';
    }),
  ]);
}

/** Every version's metrics, then each version against the previous one. */
export function renderReportText(report: AgentReport, markdown = false): string {
  const headers = ['version', 'runs', ...report.metrics.map((metric) => metric.label)];
  const table = markdown ? formatMarkdownTable(headers, reportRows(report)) : formatTable(headers, reportRows(report));
  // The caveat is the same for every pair: said once, at the end.
  const pairs = report.comparisons.map((comparison) =>
    markdown ? renderComparisonMarkdown(comparison, { caveat: false, level: 2 }) : renderComparisonText(comparison, { caveat: false }),
  );
  const count = report.versions.length;
  const heading = `${report.agentId}: ${count} version${count === 1 ? '' : 's'} with runs`;
  return [
    markdown ? `# ${heading}` : heading,
    '',
    table,
    ...pairs.map((text) => `\n${text}`),
    '',
    markdown ? `> ${report.caveat}` : `note: ${report.caveat}`,
  ].join('\n');
}
