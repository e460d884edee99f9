import { APPLICABLE } from './apply-decision.js';
import type { WatchResult } from './watch-canaries.js';

/** What a scheduler learns from `agentver watch`'s exit code (beside 1, 2 and 3, which mean what they mean for every command). */
export const WATCH_EXIT_CODES = {
  /** Nothing awaits anyone: every canary continues (or none runs), or its promote / rollback was applied. */
  ok: 0,
  /** A person is needed: a promote, rollback or advance not applied (no --apply, or the label moved meanwhile), or a canary inconclusive at its max days. */
  awaits: 4,
  /** A canary's split is broken (sample-ratio mismatch, or units misassigned): fix the assignment or logging; no verdict was given. */
  srm: 5,
} as const;

/**
 * The exit code of a watch run: srm or misassigned (5) wins over awaits (4), which wins over ok (0), so a
 * scheduler alerts on the worst canary.
 * @example
 * watchExitCode({ request_id: 'w', decisions: [{ decision: 'rollback', applied: false, … }] }); // 4
 */
export function watchExitCode(result: Pick<WatchResult, 'decisions'>): number {
  const { decisions } = result;
  if (decisions.some((d) => d.decision === 'srm' || d.decision === 'misassigned')) return WATCH_EXIT_CODES.srm;
  const awaits = decisions.some((d) => d.decision === 'inconclusive' || (APPLICABLE.has(d.decision) && !d.applied));
  return awaits ? WATCH_EXIT_CODES.awaits : WATCH_EXIT_CODES.ok;
}
