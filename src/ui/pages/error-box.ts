import type { AgentverError } from '../backend.js';
import { html, type SafeHtml } from '../html.js';

/** An error as the CLI reports it (code, message, hint, the fields at fault), never a stack trace. */
export function errorBox(error: AgentverError): SafeHtml {
  const problems = Array.isArray(error.details.problems) ? (error.details.problems as Array<{ field: string; rule: string }>) : [];
  return html`<div class="error" role="alert">
<p><code class="code">${error.code}</code> ${error.message}</p>
${problems.length > 0 ? html`<ul>${problems.map((problem) => html`<li><code>${problem.field}</code> ${problem.rule}</li>`)}</ul>` : ''}
${error.hint ? html`<p class="hint">hint: ${error.hint}</p>` : ''}
</div>`;
}
