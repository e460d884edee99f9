import type { AgentverError, CanaryArms } from '../backend.js';
import { html, SafeHtml } from '../html.js';
import { canaryArms } from './canary-arms.js';
import { errorBox } from './error-box.js';
import { paths } from './paths.js';

/** The filters as sent (text, so a wrong value is shown as it was typed); an empty box is no filter. */
export interface MetricsForm {
  fromVersion: string;
  toVersion: string;
  since: string;
  until: string;
}

/**
 * Per-version metrics with intervals, the comparison of the last two versions in range, and the
 * charts: src/report's sections, filtered by version and date range with a GET form, so every view
 * is a link. Canary arms and their sample-ratio check will be a section beside these.
 */
export function metricsPage(
  agentId: string,
  form: MetricsForm,
  result: { sectionsHtml: string; canary?: CanaryArms | null } | AgentverError,
): SafeHtml {
  return html`<form class="filters" method="get" action="${paths.metrics(agentId)}">
<fieldset><legend>Versions</legend>
<label for="fromVersion">from @</label> <input id="fromVersion" name="fromVersion" type="number" min="1" step="1" value="${form.fromVersion}">
<label for="toVersion">to @</label> <input id="toVersion" name="toVersion" type="number" min="1" step="1" value="${form.toVersion}">
</fieldset>
<fieldset><legend>Run dates</legend>
<label for="since">since</label> <input id="since" name="since" type="date" value="${form.since}">
<label for="until">until</label> <input id="until" name="until" type="date" value="${form.until}">
</fieldset>
<button type="submit">Apply</button> <a href="${paths.metrics(agentId)}">Clear</a>
</form>
${'sectionsHtml' in result ? html`${result.canary ? canaryArms(agentId, result.canary) : ''}<div class="report">${new SafeHtml(result.sectionsHtml)}</div>` : errorBox(result, { agentId })}`;
}
