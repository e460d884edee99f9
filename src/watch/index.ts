/** The guarded-rollout watch: every running canary evaluated, decided, audited and, on request, applied. */
export { type ApplyOutcome, applyDecision, moveRequestId } from './apply-decision.js';
export { CANARY_METRICS, UNIT_COLUMNS } from './canary-metrics.js';
export { type CanaryCaps, loadCanaryStatistics, type StratumArmRow } from './load-canary-statistics.js';
export { RELEASE_DECISIONS } from './release-decisions-table.js';
export { renderWatch } from './render-watch.js';
export { loadRunningCanaries, type RunningCanary } from './running-canaries.js';
export {
  type CanaryDecision,
  type CanaryEvaluation,
  evaluateCanaries,
  type WatchOptions,
  type WatchResult,
  watchCanaries,
} from './watch-canaries.js';
export { WATCH_EXIT_CODES, watchExitCode } from './watch-exit-code.js';
