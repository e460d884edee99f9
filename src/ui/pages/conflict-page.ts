import type { AgentverError, ConfigDiff, VersionRecord } from '../backend.js';
import { renderDiffHtml } from '../diff-html.js';
import { html, type SafeHtml } from '../html.js';
import { errorBox } from './error-box.js';
import { paths } from './paths.js';
import { versionCard } from './version-card.js';

/**
 * A stale action: someone else wrote a version after the page was shown, so nothing was written.
 * Shows who changed what since (the diff from the version the page showed to the live one) and
 * offers the same action again against the live version.
 */
export function conflictPage(
  error: AgentverError,
  seen: VersionRecord,
  live: VersionRecord,
  diff: ConfigDiff,
  retryTo: number | undefined,
): SafeHtml {
  const agentId = live.agentId;
  return html`${errorBox(error)}
<h2>Changed since you looked</h2>
<div class="cards">${versionCard('you saw', seen)}${versionCard('live now', live)}</div>
${renderDiffHtml(diff)}
<p>${
    retryTo !== undefined && retryTo !== live.version
      ? html`<a class="button" href="${paths.rollback(agentId, retryTo, live.version)}">Reload: review rolling back to @${retryTo} from @${live.version}</a> `
      : ''
  }<a href="${paths.agent(agentId)}">Back to history</a></p>`;
}
