import { parseRolloutPolicy } from '../../rollout/parse-rollout-policy.js';
import { type RolloutPolicy, upgradeStoredPolicy } from '../../rollout/rollout-policy.js';
import type { CanaryEvaluation, LabelDecision, ReleaseRecord } from '../backend.js';
import { html, type SafeHtml } from '../html.js';
import { decisionView } from './decision-view.js';
import { formatTime } from './format-time.js';
import { labelState, wantsRollback } from './label-state.js';
import { paths } from './paths.js';

export interface LabelPageInput {
  agentId: string;
  label: string;
  /** Newest first; the first is the current state. */
  history: ReleaseRecord[];
  latestVersion: number;
  decision: LabelDecision | null;
  martsBuiltAt: string | null;
  /** A look taken now (not written), when asked for. */
  look?: CanaryEvaluation | null;
  /** The release a move just wrote. */
  moved?: number;
  now: Date;
}

function policyView(stored: unknown): SafeHtml {
  let p: RolloutPolicy;
  try {
    p = parseRolloutPolicy(upgradeStoredPolicy(stored));
  } catch {
    return html`<p>Policy: unreadable (<code>${JSON.stringify(stored)}</code>); watch names the field it refuses.</p>`;
  }
  const guardrails = p.guardrails.map((g) => `${g.metric}:${g.relative ? `${g.margin * 100}%` : g.margin}`).join(', ');
  const ramp = p.ramp.length > 0 ? html` Ramp ${p.ramp.map((share) => `${share}%`).join(' → ')}, at least ${p.stageHours} h a share.` : '';
  return html`<p>Policy: primary <code>${p.primary}</code>; guardrails ${guardrails ? html`<code>${guardrails}</code>` : 'none'}; at most ${p.maxDays} days.${ramp} Ships when ${p.shipWhen}; variance reduction ${p.varianceReduction}.</p>`;
}

/** The forms that start a move: each opens its confirmation, which shows what goes live. */
function actions(agentId: string, label: string, current: ReleaseRecord, latestVersion: number, now: Date): SafeHtml {
  const expected = current.releaseNumber;
  const move = paths.label(agentId, label, '/move');
  const hidden = (action: string) =>
    html`<input type="hidden" name="action" value="${action}"><input type="hidden" name="expected" value="${expected}">`;
  const canary = current.candidateVersion !== null;
  return html`<section class="moves" aria-label="move the label">
<h2>Move ${label}</h2>
<p class="buttons">${
    wantsRollback(current, now) || current.kind !== 'release'
      ? html`<a class="button danger" href="${paths.move(agentId, label, 'rollback', expected)}">Roll back ${label}</a> `
      : ''
  }${canary ? html`<a class="button" href="${paths.move(agentId, label, 'promote', expected)}">Promote @${current.candidateVersion}</a> <a class="button" href="${paths.move(agentId, label, 'stop', expected, { version: current.version })}">Stop the canary (serve @${current.version})</a>` : ''}</p>
<form method="get" action="${move}" class="inline">${hidden('release')}
<label>Release version <input name="version" type="number" min="1" max="${latestVersion}" required value="${latestVersion}"></label>
<button type="submit">Review</button></form>
<form method="get" action="${move}" class="inline">${hidden('canary')}
<label>${canary ? 'Ramp or replace the canary' : 'Start a canary'}: version <input name="version" type="number" min="1" max="${latestVersion}" required value="${current.candidateVersion ?? latestVersion}"></label>
<label>share <input name="percent" type="number" min="0.01" max="99.99" step="0.01" required value="${current.candidatePercent ?? 10}">%</label>
<label>primary <input name="primary" type="text" size="16" placeholder="resolution_rate"></label>
<label>guardrails <input name="guardrails" type="text" size="28" placeholder="error_rate:+0.02, cost_usd:+10%"></label>
<label>max days <input name="maxDays" type="number" min="1" placeholder="14"></label>
<label>ramp <input name="ramp" type="text" size="14" placeholder="5,25,50,100"></label>
<label>hours a share <input name="stageHours" type="number" min="0.01" step="0.01" placeholder="24"></label>
<label>ship when <select name="shipWhen"><option value="">better (default)</option><option value="no-harm">no-harm</option></select></label>
<button type="submit">Review</button></form>
</section>`;
}

/**
 * One label: what it serves, its canary's policy and the last watch decision with its evidence
 * (the numbers `watch` prints), when the marts were built, a "look now" that decides without
 * writing, the moves, and every state it had.
 */
export function labelPage(input: LabelPageInput): SafeHtml {
  const { agentId, label, history, decision } = input;
  const current = history[0] as ReleaseRecord;
  const canary = current.candidateVersion !== null;
  const rows = history.map(
    (release) =>
      html`<tr${release.releaseNumber === input.moved ? html` class="written"` : ''}><td class="num">${release.releaseNumber}</td><td>${release.kind}</td><td>${labelState(release)}</td><td>${release.author}<span class="sub"><time datetime="${release.createdAt}">${formatTime(release.createdAt)}</time></span></td><td class="message">${release.changeMessage}</td></tr>`,
  );
  const look = input.look;
  return html`${input.moved !== undefined ? html`<p class="notice" role="status">${label} moved: release ${input.moved} is live.</p>` : ''}
<section class="state">
<p class="serving">${label} serves ${labelState(current)} <span class="sub">${current.kind}, release ${current.releaseNumber}, by ${current.author} at ${formatTime(current.createdAt)}: ${current.changeMessage}</span></p>
${canary ? policyView(current.rolloutPolicy) : ''}
</section>
${
  canary || decision
    ? html`<section class="decision" aria-label="watch">
<h2>Watch</h2>
<p class="sub">Marts (canary_stratum_metrics) last built: ${input.martsBuiltAt ? html`<time datetime="${input.martsBuiltAt}">${formatTime(input.martsBuiltAt)}</time>` : 'never: run agentver models run'}.${canary ? html` <a class="button" href="${paths.look(agentId, label)}">Look now</a> (decides from the marts, writes nothing)` : ''}</p>
${
  look
    ? html`<h3>Looked at now: <span class="verdict">${look.decision.decision}</span></h3><p>${look.decision.reason}</p>${decisionView(look.evidence.decision, look.decision.caps)}`
    : look === null
      ? html`<p>No canary runs on ${label} now.</p>`
      : ''
}
${
  decision
    ? html`<h3>Last decision: <span class="verdict">${decision.decision}</span> <span class="sub">${formatTime(decision.decidedAt)}, release ${decision.releaseNumber}, by ${decision.author}${decision.applied ? ', applied' : ''}</span></h3>
<p>${decision.reason}</p>${decision.applyNote ? html`<p class="sub">${decision.applyNote}</p>` : ''}
${decision.evidence ? decisionView(decision.evidence, decision.caps) : ''}`
    : html`<p class="sub">No watch decision yet: run <code>agentver watch</code>.</p>`
}
</section>`
    : ''
}
${actions(agentId, label, current, input.latestVersion, input.now)}
<section aria-label="history"><h2>History of ${label}</h2>
<div class="scroll"><table class="label-history"><thead><tr><th>Release</th><th>Kind</th><th>Serves</th><th>By</th><th>Why</th></tr></thead><tbody>${rows}</tbody></table></div></section>`;
}
