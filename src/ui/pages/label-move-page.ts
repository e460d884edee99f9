import type { ConfigDiff, ReleaseRecord, Route, VersionRecord } from '../backend.js';
import { renderDiffHtml } from '../diff-html.js';
import { html, type SafeHtml } from '../html.js';
import { labelState } from './label-state.js';
import { paths } from './paths.js';
import { versionCard } from './version-card.js';

/** The moves a page offers, with the words each is shown in. */
export const LABEL_ACTIONS = {
  rollback: 'Roll back',
  promote: 'Promote',
  release: 'Release',
  canary: 'Canary',
  stop: 'Stop the canary',
} as const;
export type LabelActionKind = keyof typeof LABEL_ACTIONS;

export interface LabelMoveView {
  agentId: string;
  label: string;
  action: LabelActionKind;
  current: ReleaseRecord;
  /** Where traffic goes after the move. */
  after: Route[];
  /** The config served before and after, for the version change (null when the move changes only shares). */
  change: { from: VersionRecord; to: VersionRecord; diff: ConfigDiff } | null;
  /** What the form carries to the POST besides the action and the release it is based on. */
  fields: Record<string, string>;
  csrf: string;
  requestId: string;
}

function routes(list: Route[]): SafeHtml {
  return labelState({ routes: list });
}

/**
 * The confirmation of a label move: what the label serves now and after, the config diff of the
 * version change (what goes live), and the form, which carries the release the page showed so
 * the move is refused if the label moved in between.
 */
export function labelMovePage(view: LabelMoveView): SafeHtml {
  const { agentId, label, action, current } = view;
  const verb = LABEL_ACTIONS[action];
  const hidden = Object.entries(view.fields).map(([name, value]) => html`<input type="hidden" name="${name}" value="${value}">`);
  return html`<h2>What goes live</h2>
<div class="scroll"><table class="labels"><tbody>
<tr><th>${label} now</th><td>${routes(current.routes)} <span class="sub">release ${current.releaseNumber}</span></td></tr>
<tr><th>after</th><td>${routes(view.after)} <span class="sub">release ${current.releaseNumber + 1}</span></td></tr>
</tbody></table></div>
${
  view.change
    ? html`<div class="cards">${versionCard('served now', view.change.from)}${versionCard('served after', view.change.to)}</div>
${view.change.diff.isEmpty ? html`<p class="sub">The two versions have the same config.</p>` : renderDiffHtml(view.change.diff)}`
    : html`<p>Only the shares change: every unit already in the candidate stays there.</p>`
}
<form class="confirm" method="post" action="${paths.label(agentId, label, '/move')}" data-once>
<input type="hidden" name="csrf" value="${view.csrf}">
<input type="hidden" name="action" value="${action}">
<input type="hidden" name="expectedRelease" value="${current.releaseNumber}">
<input type="hidden" name="requestId" value="${view.requestId}">
${hidden}
<p><label for="message">Why</label> <input id="message" name="message" type="text" size="50" maxlength="10000"></p>
<p><button type="submit"${action === 'rollback' ? html` class="danger"` : ''}>${verb} ${label}</button> <a href="${paths.label(agentId, label)}">Cancel</a></p>
</form>`;
}

/** A stale move in browser terms: the label moved after the page was shown; nothing was written. */
export function labelConflictPage(agentId: string, label: string, seen: number, current: ReleaseRecord | null): SafeHtml {
  return html`<div class="error" role="alert"><p><strong>${label} changed since you looked: nothing was written.</strong></p>
<p>The page showed release ${seen}; ${
    current
      ? html`${label} is now at release ${current.releaseNumber}, moved by ${current.author} (${current.kind}: ${current.changeMessage}), and serves ${labelState(current)}.`
      : html`${label} has no release.`
  }</p></div>
<p><a class="button" href="${paths.label(agentId, label)}">Review ${label} as it is now</a> and decide again. <a href="${paths.agent(agentId)}">Back to ${agentId}</a></p>`;
}
