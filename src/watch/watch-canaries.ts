import { randomUUID } from 'node:crypto';
import type { Connection } from '../bigquery/connection.js';
import { ValidationError } from '../errors/validation-error.js';
import { notifyWatchDecisions } from '../notify/notify-watch-decisions.js';
import { checkLabelName } from '../releases/label-name.js';
import {
  decideRollout,
  type MetricVerdict,
  type RolloutDecision,
  type RolloutDecisionKind,
  type ScheduleEvidence,
  type StratumEvidence,
} from '../rollout/decide-rollout.js';
import { checkAgentId } from '../store/read-versions.js';
import { authorSchema } from '../store/write-version.js';
import { APPLICABLE, applyDecision, moveRequestId } from './apply-decision.js';
import { canaryLook } from './canary-look.js';
import { stratumColumns } from './canary-metrics.js';
import { type CanaryCaps, canaryKey, loadCanaryStatistics } from './load-canary-statistics.js';
import { loadRunningCanaries } from './running-canaries.js';
import { type DecisionRow, writeDecisions } from './write-decisions.js';

export interface WatchOptions {
  /** Only this agent's canaries (default: every agent's). */
  agentId?: string;
  /** Only canaries on this label (default: every label). */
  label?: string;
  /** Carry out promote, rollback and advance decisions (compare-and-swap on the evaluated release). */
  apply: boolean;
  /** Who runs the watch: the author of the audit rows and of any label move. */
  author: string;
  /** The time of the look (default: now): days since each canary began are counted to it. */
  now?: Date;
  /** Names the run in release_decisions and in the moves it applies (default: random). */
  requestId?: string;
}

/** The decision on one canary, as watch prints it and release_decisions keeps it. */
export interface CanaryDecision {
  agent_id: string;
  label: string;
  /** The state evaluated: the label's current one. */
  release_number: number;
  canary_release_number: number;
  baseline_version: number;
  candidate_version: number;
  candidate_percent: number;
  days_since_start: number;
  decision: RolloutDecisionKind;
  reason: string;
  /** The always-valid sample-ratio p-value on units, every entry state against its own share. */
  srm_p_value: number;
  /** The candidate share the units would have on average: each entry state's share weighted by its units. */
  expected_candidate_percent: number;
  /** Units per arm: what the statistics count (a run without a unit is one). */
  units: { baseline: number; candidate: number };
  runs: { baseline: number; candidate: number };
  /** Units the assignment cannot explain. */
  misassigned_units: number;
  /** Each entry state: its share, units and runs per arm, SRM p-value. */
  strata: readonly StratumEvidence[];
  /** The ramp: the current share, hours served, the next share (an advance moves to it), the ship rule. */
  schedule: ScheduleEvidence | null;
  metrics: readonly MetricVerdict[];
  /** The caps (pooled p99) the means of cost, latency and tokens were winsorized at; null before runs. */
  caps: CanaryCaps | null;
  method: string;
  applied: boolean;
  applied_release_number: number | null;
  apply_note: string;
}

export interface WatchResult {
  request_id: string;
  decisions: CanaryDecision[];
}

/** One canary looked at: its decision as watch prints it (nothing applied yet) and the evidence release_decisions keeps. */
export interface CanaryEvaluation {
  decision: CanaryDecision;
  /** The RolloutDecision and the look it was made at (release_decisions.evidence). */
  evidence: { decision: RolloutDecision; look: Record<string, unknown> };
}

/**
 * Looks at every running canary (of one agent or all, one label or all) and decides each, writing
 * nothing: the canaries from agent_releases, their unit-level statistics per entry state and arm
 * from the canary_stratum_metrics mart (so `agentver models run` must have run), decideRollout
 * with each canary's stored policy. What `watch` records and applies, and what the web page's
 * "look now" shows. Bad input (agent id, label) is a ValidationError: nothing is read.
 * @example
 * await evaluateCanaries(conn, models, { agentId: 'support_triage', label: 'production' });
 * // [{ decision: { label: 'production', decision: 'rollback', applied: false, … }, evidence: { decision, look } }]
 */
export async function evaluateCanaries(
  connection: Connection,
  models: Connection,
  options: { agentId?: string; label?: string; now?: Date },
): Promise<CanaryEvaluation[]> {
  if (options.agentId !== undefined) checkAgentId(options.agentId);
  const label = options.label === undefined ? null : checkLabelName(options.label);
  const now = options.now ?? new Date();
  const canaries = await loadRunningCanaries(connection, { agentId: options.agentId ?? null, label });
  const stats = await loadCanaryStatistics(
    models,
    canaries.map((c) => canaryKey(c.release.agentId, c.release.label, c.canaryReleaseNumber)),
  );
  return canaries.map((canary) => {
    const { release } = canary;
    const key = canaryKey(release.agentId, release.label, canary.canaryReleaseNumber);
    const own = stats.rows.filter((row) => canaryKey(row.agentId, row.label, row.canaryReleaseNumber) === key);
    const look = canaryLook(canary, own, now);
    const decided = decideRollout(look);
    const method = `${decided.method}; cost_usd, latency_ms and total_tokens: each run's value winsorized at the canary's pooled p99 (exact nearest rank, canary_states) before it is summed per unit`;
    const caps = stats.caps.get(key) ?? null;
    const totalUnits = decided.units.baseline + decided.units.candidate;
    const decision: CanaryDecision = {
      agent_id: release.agentId,
      label: release.label,
      release_number: release.releaseNumber,
      canary_release_number: canary.canaryReleaseNumber,
      baseline_version: release.version,
      candidate_version: release.candidateVersion as number,
      candidate_percent: release.candidatePercent as number,
      days_since_start: look.daysSinceStart,
      decision: decided.decision,
      reason: decided.reason,
      srm_p_value: decided.srmPValue,
      expected_candidate_percent:
        totalUnits > 0
          ? decided.strata.reduce((t, s) => t + s.candidate_percent * (s.units.baseline + s.units.candidate), 0) / totalUnits
          : (release.candidatePercent as number),
      units: decided.units,
      runs: decided.runs,
      misassigned_units: decided.misassignedUnits,
      strata: decided.strata,
      schedule: decided.schedule,
      metrics: decided.metrics,
      caps,
      method,
      applied: false,
      applied_release_number: null,
      apply_note: '',
    };
    const evidence = {
      decision: decided,
      look: {
        at: now.toISOString(),
        canary_started_at: canary.startedAt,
        days_since_start: look.daysSinceStart,
        expected_candidate_percent: decision.expected_candidate_percent,
        policy: look.policy,
        stage: look.stage,
        // per entry state, history and arm, as canary_stratum_metrics has them
        states: own.map((row) => ({
          release_number: row.entryReleaseNumber,
          candidate_percent: row.candidatePercent,
          has_history: row.hasHistory,
          arm: row.arm,
          units: row.units,
          runs: row.sums[stratumColumns.sum('n_runs')] ?? 0,
          misassigned_units: row.misassignedUnits,
        })),
        caps,
      },
    };
    return { decision, evidence };
  });
}

/**
 * Evaluates every running canary (`evaluateCanaries`) and writes one release_decisions row per
 * canary. With `apply`, a promote, rollback or advance (a ramp to the schedule's next share) is
 * carried out through promoteLabel / rollbackLabel / startCanary as a compare-and-swap on the evaluated release, and its decision row is written
 * first (applied false, the note naming the move's request id), then the move, so a process
 * killed at any point leaves no move without its evidence; the rows of the run, with what was
 * applied, follow in one job at the end. Bad input (agent id, label, author) is a
 * ValidationError: nothing is read or written.
 * @example
 * await watchCanaries(conn, models, { agentId: 'support_triage', apply: true, author: 'scheduler@acme' });
 * // { request_id: '…', decisions: [{ label: 'production', decision: 'rollback', applied: true, applied_release_number: 13, … }] }
 */
export async function watchCanaries(connection: Connection, models: Connection, options: WatchOptions): Promise<WatchResult> {
  const author = authorSchema.safeParse(options.author);
  if (!author.success) throw ValidationError.fromZod(author.error, 'watch', ['author']);
  const requestId = options.requestId ?? `watch-${randomUUID()}`;
  const evaluations = await evaluateCanaries(connection, models, options);

  const decisions: CanaryDecision[] = [];
  const rows: DecisionRow[] = [];
  for (const { decision, evidence } of evaluations) {
    const row = (outcome: Pick<CanaryDecision, 'applied' | 'applied_release_number' | 'apply_note'>): DecisionRow => ({
      agent_id: decision.agent_id,
      label: decision.label,
      release_number: decision.release_number,
      canary_release_number: decision.canary_release_number,
      decision: decision.decision,
      reason: decision.reason,
      srm_p_value: decision.srm_p_value,
      evidence,
      method: decision.method,
      ...outcome,
    });
    const target = {
      agentId: decision.agent_id,
      label: decision.label,
      releaseNumber: decision.release_number,
      candidateVersion: decision.candidate_version,
      nextPercent: decision.schedule?.next_percent ?? null,
    };
    if (options.apply && APPLICABLE.has(decision.decision)) {
      const move = moveRequestId(requestId, decision.agent_id, decision.label);
      await writeDecisions(connection, {
        requestId,
        author: author.data,
        rows: [
          row({
            applied: false,
            applied_release_number: null,
            apply_note: `applying: watch moves label ${decision.label} as request ${move}; a later row of this watch run says how it ended`,
          }),
        ],
      });
    }
    const outcome = await applyDecision(connection, target, decision.decision, {
      apply: options.apply,
      author: author.data,
      requestId,
      reason: decision.reason,
    });
    Object.assign(decision, outcome);
    decisions.push(decision);
    rows.push(row(outcome));
  }
  await writeDecisions(connection, { requestId, author: author.data, rows });
  await notifyWatchDecisions(connection, { requestId, author: author.data }, decisions); // never throws
  return { request_id: requestId, decisions };
}
