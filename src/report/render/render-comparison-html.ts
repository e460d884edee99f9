import { renderDiffText } from '../../diff/index.js';
import type { AgentComparison } from '../compare-agent.js';
import { buildReport } from '../engine/build-report.js';
import { escapeHtml } from './escape.js';
import { renderReportHtml } from './render-html.js';

/**
 * The HTML page of one comparison: both versions' metrics with intervals and charts, the
 * comparison table, the field diff and, when the candidate is worse, the rollback command.
 * @example
 * writeFileSync('triage.html', renderComparisonHtml(await compareAgent(conn, models, 'triage'), { confidence: 0.95 }));
 */
export function renderComparisonHtml(result: AgentComparison, options: { confidence: number }): string {
  const { agentId, comparison, diff, rollbackCommand } = result;
  const report = buildReport(agentId, {}, [comparison.baseline, comparison.candidate], { confidence: options.confidence });
  return renderReportHtml({
    title: `${comparison.baseline.agentVersionId} vs ${comparison.candidate.agentVersionId}`,
    report,
    comparison,
    diffHtml: `<pre>${escapeHtml(renderDiffText(diff))}</pre>`,
    ...(rollbackCommand ? { rollbackCommand } : {}),
  });
}
