import type { CanaryArms } from '../backend.js';
import { html, type SafeHtml } from '../html.js';
import { decisionView } from './decision-view.js';
import { formatTime } from './format-time.js';
import { paths } from './paths.js';

/**
 * On the metrics page, when the compared versions ran as a canary's arms: the per-arm comparison
 * from the canary's newest watch decision (units, strata, metrics), linked to its label, in place
 * of the before/after caution.
 */
export function canaryArms(agentId: string, canary: CanaryArms): SafeHtml {
  const { decision } = canary;
  return html`<section class="canary-arms" aria-label="canary arms">
<h2>@${canary.baseline} and @${canary.candidate} as the arms of a canary on ${canary.label}</h2>
<p>They ran side by side on randomized traffic over the same days (release ${canary.releaseNumber}). <a href="${paths.label(agentId, canary.label)}">The canary's decisions on ${canary.label}</a>.</p>
${
  decision?.evidence
    ? html`<p>Newest watch decision, ${formatTime(decision.decidedAt)}: <span class="verdict">${decision.decision}</span>. ${decision.reason}</p>${decisionView(decision.evidence, decision.caps)}`
    : html`<p class="sub">No watch decision on this canary yet: run <code>agentver watch</code> (after <code>agentver models run</code>).</p>`
}
</section>`;
}
