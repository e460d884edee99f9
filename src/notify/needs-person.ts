import type { CanaryDecision } from '../watch/watch-canaries.js';
import { watchExitCode } from '../watch/watch-exit-code.js';

/**
 * Whether a watch decision waits for a person: a promote, rollback or advance not applied, inconclusive,
 * srm or misassigned. The same rule as watch's exit code (4 or 5), one decision at a time.
 * @example
 * needsPerson({ decision: 'rollback', applied: false, … }); // true
 */
export function needsPerson(decision: Pick<CanaryDecision, 'decision' | 'applied'>): boolean {
  return watchExitCode({ decisions: [decision as CanaryDecision] }) !== 0;
}
