import type { Connection } from '../bigquery/connection.js';
import type { CanaryDecision } from '../watch/watch-canaries.js';
import type { WatchDecisionNotice } from './notification-notice.js';

function needs(decision: CanaryDecision): string {
  switch (decision.decision) {
    case 'srm':
      return 'the split is broken (sample-ratio mismatch): fix the assignment or the logging; no verdict was given';
    case 'misassigned':
      return 'units are misassigned: fix the assignment or the logging; no verdict was given';
    case 'inconclusive':
      return 'the canary reached its max days without a verdict: promote it, roll it back, or start a longer one';
    default:
      return `the ${decision.decision} awaits a person (${decision.apply_note})`;
  }
}

/**
 * The notice of a watch decision that needs a person, with its evidence summed up: units and
 * runs per arm, the sample-ratio p-value, and each metric's values, interval and verdict (the
 * whole evidence is in release_decisions).
 * @example
 * watchDecisionNotice(conn, { requestId: 'watch-1', author: 'scheduler' }, decision).summary;
 * // 'watch: rollback on production of triage (release 2) needs a person: Roll back: resolution_rate is worse …'
 */
export function watchDecisionNotice(
  connection: Connection,
  run: { requestId: string; author: string },
  decision: CanaryDecision,
): WatchDecisionNotice {
  return {
    event: 'watch_decision',
    event_id: `${run.requestId}:${decision.agent_id}:${decision.label}`,
    dataset: `${connection.projectId}.${connection.datasetId}`,
    agent_id: decision.agent_id,
    label: decision.label,
    release_number: decision.release_number,
    canary_release_number: decision.canary_release_number,
    baseline_version: decision.baseline_version,
    candidate_version: decision.candidate_version,
    candidate_percent: decision.candidate_percent,
    days_since_start: decision.days_since_start,
    decision: decision.decision,
    reason: decision.reason,
    applied: decision.applied,
    apply_note: decision.apply_note,
    needs: needs(decision),
    watch_request_id: run.requestId,
    author: run.author,
    evidence: {
      srm_p_value: decision.srm_p_value,
      units: decision.units,
      runs: decision.runs,
      misassigned_units: decision.misassigned_units,
      metrics: decision.metrics.map((m) => ({
        metric: m.metric,
        role: m.role,
        verdict: m.verdict,
        baseline: m.baseline,
        candidate: m.candidate,
        difference: m.difference,
        interval: m.interval,
        p_value: m.pValue,
      })),
    },
    summary: `watch: ${decision.decision} on ${decision.label} of ${decision.agent_id} (release ${decision.release_number}) needs a person: ${decision.reason}`,
  };
}
