import type { ReleaseKind, Route } from '../releases/release-record.js';
import type { CanaryDecision } from '../watch/watch-canaries.js';

/** A label's state as a notification tells it. */
export interface LabelStateNotice {
  release_number: number;
  kind: ReleaseKind;
  /** Where traffic goes: one route in a release, baseline then candidate in a canary. */
  routes: Route[];
}

/** The JSON body of a label move (payload format json); its `summary` leads the Slack text. */
export interface LabelMoveNotice {
  event: 'label_move';
  /** The move's request id: the same on every attempt and every webhook. */
  event_id: string;
  /** `<project>.<dataset>` the label lives in. */
  dataset: string;
  agent_id: string;
  label: string;
  /** The state before the move; null for a label's first release. */
  from: LabelStateNotice | null;
  to: LabelStateNotice;
  /** Who moved it, as the caller claimed. */
  author: string;
  /** Why (the move's change message). */
  message: string;
  created_at: string;
  summary: string;
}

/** One metric of a watch decision, as the notification sums it up. */
export interface MetricNotice {
  metric: string;
  role: 'primary' | 'guardrail';
  verdict: string;
  baseline: number | null;
  candidate: number | null;
  difference: number | null;
  interval: readonly [number, number] | null;
  p_value: number | null;
}

/** The decision fields a notice repeats as watch prints them (src/watch's CanaryDecision). */
type DecisionFields = Pick<
  CanaryDecision,
  | 'agent_id'
  | 'label'
  | 'release_number'
  | 'canary_release_number'
  | 'baseline_version'
  | 'candidate_version'
  | 'candidate_percent'
  | 'days_since_start'
  | 'decision'
  | 'reason'
  | 'applied'
  | 'apply_note'
>;

/** The JSON body of a watch decision that needs a person. */
export interface WatchDecisionNotice extends DecisionFields {
  event: 'watch_decision';
  /** `<watch request id>:<agent>:<label>`. */
  event_id: string;
  dataset: string;
  /** What a person has to do. */
  needs: string;
  /** The watch run (release_decisions.request_id) and who ran it. */
  watch_request_id: string;
  author: string;
  evidence: {
    srm_p_value: number;
    units: { baseline: number; candidate: number };
    runs: { baseline: number; candidate: number };
    misassigned_units: number;
    metrics: MetricNotice[];
  };
  summary: string;
}

/** The body `agentver notify test` sends. */
export interface TestNotice {
  event: 'test';
  event_id: string;
  dataset: string;
  webhook_id: string;
  author: string;
  summary: string;
}

export type NotificationNotice = LabelMoveNotice | WatchDecisionNotice | TestNotice;

/** Where the notice's event happened, for deliveries: agent, label and release (null for a test). */
export function noticeSubject(notice: NotificationNotice): { agentId: string | null; label: string | null; releaseNumber: number | null } {
  if (notice.event === 'test') return { agentId: null, label: null, releaseNumber: null };
  const releaseNumber = notice.event === 'label_move' ? notice.to.release_number : notice.release_number;
  return { agentId: notice.agent_id, label: notice.label, releaseNumber };
}
