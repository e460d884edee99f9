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
  const canRetry = retryTo !== undefined && retryTo !== live.version;
  // In the page's terms: the CLI's hint (--expected-version) means nothing in a browser.
  const hint = canRetry
    ? `Review what changed below, then press "Reload" to review rolling back to @${retryTo} against the live @${live.version} and confirm again.`
    : retryTo === live.version
      ? `Review what changed below: @${retryTo} is live now, so there is nothing to roll back to. Go back to the history to pick another version.`
      : `Review what changed below, then go back to the history and start again from the live @${live.version}.`;
  return html`${errorBox(error, { hint, back: false })}
<h2>Changed since you looked</h2>
<div class="cards">${versionCard('you saw', seen)}${versionCard('live now', live)}</div>
${renderDiffHtml(diff)}
<p>${
    canRetry
      ? html`<a class="button" href="${paths.rollback(agentId, retryTo, live.version)}">Reload: review rolling back to @${retryTo} from @${live.version}</a> `
      : ''
  }<a href="${paths.agent(agentId)}">Back to history</a></p>`;
}
