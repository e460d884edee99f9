import type { AgentRow } from '../backend.js';
import { html, type SafeHtml } from '../html.js';
import { formatTime } from './format-time.js';
import { paths } from './paths.js';

/**
 * Every agent with its latest version and last change (who, when, why), with a search by id.
 * Later columns (labels, routes, a canary's decision) join this table as extra cells per row.
 */
export function agentsPage(agents: AgentRow[], search: string): SafeHtml {
  const rows = agents.map(
    (agent) => html`<tr>
<td><a href="${paths.agent(agent.agentId)}">${agent.agentId}</a><span class="sub">${agent.name}</span></td>
<td class="num">@${agent.latestVersion}${agent.rollbackTo !== null ? html`<span class="mark rollback">rollback to @${agent.rollbackTo}</span>` : ''}</td>
<td>${agent.model}</td>
<td>${agent.author}<span class="sub"><time datetime="${agent.createdAt}">${formatTime(agent.createdAt)}</time></span></td>
<td class="message">${agent.changeMessage}</td>
</tr>`,
  );
  return html`<form class="search" method="get" action="/agents" role="search">
<label for="q">Agent id contains</label> <input id="q" name="q" type="search" value="${search}" autocomplete="off">
<button type="submit">Search</button>${search ? html` <a href="${paths.agents()}">Show all</a>` : ''}
</form>
${
  agents.length === 0
    ? html`<p class="empty">${search ? `No agent id contains "${search}".` : 'No agents yet. Create one with: agentver create <agent> --file config.yaml'}</p>`
    : html`<table class="agents">
<thead><tr><th>Agent</th><th>Latest</th><th>Model</th><th>Last change</th><th>Message</th></tr></thead>
<tbody>${rows}</tbody>
</table>`
}`;
}
