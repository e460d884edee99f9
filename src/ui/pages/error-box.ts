import type { AgentverError } from '../backend.js';
import { html, type SafeHtml } from '../html.js';
import { paths } from './paths.js';

export interface ErrorBoxOptions {
  /** The hint in the page's own terms, in place of the CLI's (which names flags like --expected-version). */
  hint?: string;
  /** The agent the page is about, for the way back when the error names none. */
  agentId?: string;
  /** false when the page has its own way back. */
  back?: false;
}

/**
 * The way back from an error: to the agent's page (the one the error names, else the page's),
 * unless that agent is what is missing; else to the list of agents.
 */
function backLink(error: AgentverError, pageAgentId: string | undefined): SafeHtml {
  const named = typeof error.details.agentId === 'string' && error.details.agentId !== '' ? error.details.agentId : undefined;
  const agentId = named ?? pageAgentId;
  const noSuchAgent =
    (error.code === 'not_found' && error.details.latestVersion === undefined) ||
    (Array.isArray(error.details.problems) && error.details.problems.some((problem) => problem?.field === 'agent_id'));
  return agentId && !noSuchAgent
    ? html`<a href="${paths.agent(agentId)}">Back to ${agentId}</a>`
    : html`<a href="${paths.agents()}">All agents</a>`;
}

/** An error as the CLI reports it (code, message, hint, the fields at fault), never a stack trace, with a way back. */
export function errorBox(error: AgentverError, options: ErrorBoxOptions = {}): SafeHtml {
  const problems = Array.isArray(error.details.problems) ? (error.details.problems as Array<{ field: string; rule: string }>) : [];
  const hint = options.hint ?? error.hint;
  return html`<div class="error" role="alert">
<p><code class="code">${error.code}</code> ${error.message}</p>
${problems.length > 0 ? html`<ul>${problems.map((problem) => html`<li><code>${problem.field}</code> ${problem.rule}</li>`)}</ul>` : ''}
${hint ? html`<p class="hint">hint: ${hint}</p>` : ''}
${options.back === false ? '' : html`<p class="back">${backLink(error, options.agentId)}</p>`}
</div>`;
}
