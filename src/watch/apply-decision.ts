import type { Connection } from '../bigquery/connection.js';
import { ReleaseConflictError } from '../errors/release-conflict-error.js';
import { promoteLabel } from '../releases/promote-label.js';
import { rollbackLabel } from '../releases/rollback-label.js';
import { startCanary } from '../releases/start-canary.js';
import type { RolloutDecisionKind } from '../rollout/decide-rollout.js';

/** What watch did about one decision. */
export interface ApplyOutcome {
  applied: boolean;
  applied_release_number: number | null;
  apply_note: string;
}

/** The request id of the label move a watch run makes on one canary: derived, so a retried run replays it. */
export const moveRequestId = (watchRequestId: string, agentId: string, label: string) => `${watchRequestId}:${agentId}:${label}`;

/** The decisions a watch carries out; the others wait for a person or for more runs. */
export const APPLICABLE: ReadonlySet<RolloutDecisionKind> = new Set(['promote', 'rollback', 'advance']);

const DONE: Record<string, string> = { promote: 'promoted', rollback: 'rolled back', advance: 'advanced' };

/**
 * Carries out a promote, rollback or advance decision through the release writer (an advance is
 * a ramp of the same candidate to `nextPercent`: same salt, so every unit keeps its arm), as a
 * compare-and-swap on the release number that was evaluated: if the label moved meanwhile, nothing is written and
 * the note says who moved it. The move's request id is derived from the watch run's, so a retried
 * run replays its move instead of making a second one. Other decisions, or no `apply`: nothing
 * written, the note says what to do.
 * @example
 * await applyDecision(conn, { agentId: 'support_triage', label: 'production', releaseNumber: 12, candidateVersion: 42, nextPercent: 25 }, 'rollback',
 *   { apply: true, author: 'scheduler', requestId: 'watch-1', reason: 'Roll back: …' });
 * // { applied: true, applied_release_number: 13, apply_note: 'rolled back: release 13 serves version 3 at 100%' }
 */
export async function applyDecision(
  connection: Connection,
  canary: { agentId: string; label: string; releaseNumber: number; candidateVersion: number; nextPercent: number | null },
  decision: RolloutDecisionKind,
  run: { apply: boolean; author: string; requestId: string; reason: string },
): Promise<ApplyOutcome> {
  const { agentId, label, releaseNumber } = canary;
  if (!APPLICABLE.has(decision)) return { applied: false, applied_release_number: null, apply_note: 'nothing to apply' };
  const { candidateVersion, nextPercent } = canary;
  const advance = decision === 'advance';
  if (advance && (nextPercent === null || !(nextPercent < 100)))
    throw new TypeError('applyDecision: an advance needs a next share below 100');
  const command = advance
    ? `agentver canary ${agentId} ${candidateVersion} --label ${label} --percent ${nextPercent} --expected-release ${releaseNumber}`
    : `agentver ${decision} ${agentId} --label ${label} --expected-release ${releaseNumber}`;
  if (!run.apply) return { applied: false, applied_release_number: null, apply_note: `not applied: run watch --apply, or ${command}` };
  const options = {
    agentId,
    label,
    author: run.author,
    message: `agentver watch ${run.requestId}: ${run.reason}`,
    requestId: moveRequestId(run.requestId, agentId, label),
    expectedRelease: releaseNumber,
  };
  try {
    const { release } = advance
      ? await startCanary(connection, { ...options, version: candidateVersion, percent: nextPercent as number })
      : await (decision === 'promote' ? promoteLabel : rollbackLabel)(connection, options);
    const served = release.routes.map((route) => `version ${route.version} at ${route.percent}%`).join(', ');
    return {
      applied: true,
      applied_release_number: release.releaseNumber,
      apply_note: `${DONE[decision]}: release ${release.releaseNumber} serves ${served}`,
    };
  } catch (error) {
    if (!(error instanceof ReleaseConflictError)) throw error;
    const by = error.currentAuthor ? ` by ${error.currentAuthor} at ${error.currentCreatedAt}` : '';
    return {
      applied: false,
      applied_release_number: null,
      apply_note: `not applied: label ${label} moved meanwhile to release ${error.currentRelease}${by}, not release ${releaseNumber} as evaluated; nothing was written`,
    };
  }
}
