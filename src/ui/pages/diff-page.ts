import type { ConfigDiff, VersionRecord } from '../backend.js';
import { renderDiffHtml } from '../diff-html.js';
import { html, type SafeHtml } from '../html.js';
import { paths } from './paths.js';
import { versionCard } from './version-card.js';

/**
 * Two versions side by side: where each came from and the grouped field diff. When the newer one
 * is live, the older one can be rolled back to from here.
 */
export function diffPage(from: VersionRecord, to: VersionRecord, diff: ConfigDiff): SafeHtml {
  const rollback = to.isLatest && !diff.isEmpty;
  return html`<div class="cards">${versionCard('from', from)}${versionCard('to', to)}</div>
${renderDiffHtml(diff)}
${
  rollback
    ? html`<p><a class="button" href="${paths.rollback(from.agentId, from.version, to.version)}">Roll back to @${from.version}</a></p>`
    : ''
}
<p><a href="${paths.diff(from.agentId, to.version, from.version)}">Swap sides</a> · <a href="${paths.agent(from.agentId)}">Back to history</a></p>`;
}
