import type { ConfigDiff, VersionRecord } from '../backend.js';
import { renderDiffHtml } from '../diff-html.js';
import { html, type SafeHtml } from '../html.js';
import { paths } from './paths.js';
import { versionCard } from './version-card.js';

export interface RollbackForm {
  csrf: string;
  /** One id per confirmation page, so a double submit writes one version. */
  requestId: string;
}

/**
 * The confirmation: what is served now, the version that will be copied, and the diff between
 * them, which is exactly what goes live. The form carries the live version the page showed, so
 * the write is refused if anyone changed the agent in between.
 */
export function rollbackPage(live: VersionRecord, target: VersionRecord, diff: ConfigDiff, form: RollbackForm): SafeHtml {
  const agentId = live.agentId;
  const body = diff.isEmpty
    ? html`<p class="notice">@${target.version} has the same config as the live @${live.version}: a rollback would change nothing, so there is nothing to confirm.</p>`
    : html`<h2>What goes live</h2>
<p>Confirming appends <strong>@${live.version + 1}</strong>, an exact copy of @${target.version}, as the agent's newest version (what <code>latest</code> serves), in place of @${live.version}. These changes take effect there:</p>
<p class="notice">This moves no label: a label such as production keeps serving what it serves. To change what a label serves, roll back the label on the agent page.</p>
${renderDiffHtml(diff)}
<form class="confirm" method="post" action="${paths.agent(agentId, '/rollback')}" data-once>
<input type="hidden" name="csrf" value="${form.csrf}">
<input type="hidden" name="to" value="${target.version}">
<input type="hidden" name="expectedVersion" value="${live.version}">
<input type="hidden" name="requestId" value="${form.requestId}">
<p><label for="message">Why</label> <input id="message" name="message" type="text" size="60" maxlength="10000" placeholder="rollback to version ${target.version}"></p>
<p><button type="submit" class="danger">Roll back to @${target.version}</button> <a href="${paths.agent(agentId)}">Cancel</a></p>
</form>`;
  return html`<div class="cards">${versionCard('live now', live)}${versionCard('roll back to', target)}</div>
${body}`;
}
