import type { Connection } from '../bigquery/connection.js';
import { param } from '../bigquery/query-parameters.js';
import { runQuery } from '../bigquery/run-query.js';
import { withModel } from '../dataform/with-model.js';
import type { Arm } from '../releases/assign-arm.js';
import { type ArmSums, SUMMED_COLUMNS } from './canary-metrics.js';

/** One canary's runs in one arm under one of its states, summed over days. */
export interface StateArmStatistics {
  agentId: string;
  label: string;
  canaryReleaseNumber: number;
  releaseNumber: number;
  /** The candidate's configured share in that state, in percent. */
  candidatePercent: number;
  arm: Arm;
  sums: ArmSums;
  /** The canary's caps (pooled p99) of the capped means; null without values. */
  caps: { cost_usd: number | null; latency_ms: number | null; total_tokens: number | null };
}

/** The key a canary has in the query: agent, label and first state. */
export const canaryKey = (agentId: string, label: string, canaryReleaseNumber: number) => `${agentId}|${label}|${canaryReleaseNumber}`;

/**
 * The statistics of the given canaries from the canary_arm_metrics mart (built by `agentver
 * models run`), summed over days in SQL, per canary, state and arm: one query for all of them.
 * The states stay apart so the sample-ratio check can weight each by its configured share. A
 * models dataset without the mart (Dataform never ran there) is a not_found error that says so.
 * @example
 * await loadCanaryStatistics(models, [canaryKey('support_triage', 'production', 11)]);
 * // SELECT agent_id, label, canary_release_number, release_number, arm, SUM(n_runs) AS n_runs, …
 * //   WHERE CONCAT(…) IN UNNEST(@canaries) GROUP BY …
 */
export async function loadCanaryStatistics(models: Connection, canaries: readonly string[]): Promise<StateArmStatistics[]> {
  if (canaries.length === 0) return [];
  const { rows } = await withModel(models, 'canary_arm_metrics', () =>
    runQuery(
      models,
      `SELECT agent_id, label, canary_release_number, release_number, arm,
       ANY_VALUE(candidate_percent) AS candidate_percent,
       ANY_VALUE(cap_cost_usd) AS cap_cost_usd, ANY_VALUE(cap_latency_ms) AS cap_latency_ms,
       ANY_VALUE(cap_total_tokens) AS cap_total_tokens,
       ${SUMMED_COLUMNS.map((column) => `SUM(${column}) AS ${column}`).join(', ')}
     FROM {{dataset}}.canary_arm_metrics
     WHERE CONCAT(agent_id, '|', label, '|', CAST(canary_release_number AS STRING)) IN UNNEST(@canaries)
     GROUP BY agent_id, label, canary_release_number, release_number, arm
     ORDER BY agent_id, label, release_number, arm`,
      { canaries: param.stringArray(canaries) },
    ),
  );
  return rows.map((row) => ({
    agentId: row.agent_id as string,
    label: row.label as string,
    canaryReleaseNumber: row.canary_release_number as number,
    releaseNumber: row.release_number as number,
    candidatePercent: row.candidate_percent as number,
    arm: row.arm as Arm,
    sums: Object.fromEntries(SUMMED_COLUMNS.map((column) => [column, Number(row[column] ?? 0)])) as ArmSums,
    caps: {
      cost_usd: (row.cap_cost_usd as number | null) ?? null,
      latency_ms: (row.cap_latency_ms as number | null) ?? null,
      total_tokens: (row.cap_total_tokens as number | null) ?? null,
    },
  }));
}
