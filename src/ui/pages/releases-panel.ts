import type { AgentLabels, LabelDecision } from '../backend.js';
import { html, type SafeHtml } from '../html.js';
import { formatTime } from './format-time.js';
import { labelState, wantsRollback } from './label-state.js';
import { paths } from './paths.js';

/**
 * What production (and every other label) serves now, on the agent page: each label's state,
 * since when, by whom and why, its last watch decision, and "Roll back <label>" first whenever a
 * label runs a canary or was promoted in the last days. `latest` is one label among them: the
 * newest version, which no label has to serve.
 */
export function releasesPanel(labels: AgentLabels, decisions: Map<string, LabelDecision>, now: Date): SafeHtml {
  const { agentId } = labels;
  const rows = labels.labels.map((release) => {
    const decision = decisions.get(release.label);
    const rollback = wantsRollback(release, now)
      ? html`<a class="button danger" href="${paths.move(agentId, release.label, 'rollback', release.releaseNumber)}">Roll back ${release.label}</a> `
      : '';
    return html`<tr>
<td><a href="${paths.label(agentId, release.label)}">${release.label}</a></td>
<td>${labelState(release)}<span class="sub">${release.kind}, release ${release.releaseNumber}</span></td>
<td>${release.author}<span class="sub"><time datetime="${release.createdAt}">${formatTime(release.createdAt)}</time>: ${release.changeMessage}</span></td>
<td>${decision ? html`<span class="verdict">${decision.decision}</span><span class="sub">${formatTime(decision.decidedAt)}</span>` : release.kind === 'canary' ? html`<span class="sub">not looked at yet</span>` : ''}</td>
<td class="actions">${rollback}<a href="${paths.label(agentId, release.label)}">Open</a></td>
</tr>`;
  });
  return html`<section class="releases" aria-label="releases">
<h2>What is served</h2>
<div class="scroll"><table class="labels">
<thead><tr><th>Label</th><th>Serves</th><th>Since</th><th>Last watch</th><th></th></tr></thead>
<tbody>${rows}<tr><td><span class="mark">latest</span></td><td><strong>@${labels.latestVersion}</strong> 100%<span class="sub">built in: the newest version</span></td><td></td><td></td><td></td></tr></tbody>
</table></div>
${labels.labels.length === 0 ? html`<p class="sub">No label yet: resolvers without a label serve <code>latest</code>. Release a version to a label with <code>agentver release ${agentId} &lt;version&gt; --label production</code>.</p>` : ''}
</section>`;
}
