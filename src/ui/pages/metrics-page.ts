import type { AgentverError } from '../backend.js';
import { html, SafeHtml } from '../html.js';
import { errorBox } from './error-box.js';

export interface MetricsFilters {
  fromVersion?: number | undefined;
  toVersion?: number | undefined;
  since?: string | undefined;
  until?: string | undefined;
}

/**
 * Per-version metrics with intervals, the comparison of the last two versions in range, and the
 * charts: src/report's sections, filtered by version and date range with a GET form, so every view
 * is a link. Canary arms and their sample-ratio check will be a section beside these.
 */
export function metricsPage(agentId: string, filters: MetricsFilters, result: { sectionsHtml: string } | AgentverError): SafeHtml {
  const value = (x: number | string | undefined) => (x === undefined ? '' : String(x));
  return html`<form class="filters" method="get" action="/agents/${encodeURIComponent(agentId)}/metrics">
<fieldset><legend>Versions</legend>
<label for="fromVersion">from @</label> <input id="fromVersion" name="fromVersion" type="number" min="1" step="1" value="${value(filters.fromVersion)}">
<label for="toVersion">to @</label> <input id="toVersion" name="toVersion" type="number" min="1" step="1" value="${value(filters.toVersion)}">
</fieldset>
<fieldset><legend>Run dates</legend>
<label for="since">since</label> <input id="since" name="since" type="date" value="${value(filters.since)}">
<label for="until">until</label> <input id="until" name="until" type="date" value="${value(filters.until)}">
</fieldset>
<button type="submit">Apply</button> <a href="/agents/${encodeURIComponent(agentId)}/metrics">Clear</a>
</form>
${'sectionsHtml' in result ? html`<div class="report">${new SafeHtml(result.sectionsHtml)}</div>` : errorBox(result)}`;
}
