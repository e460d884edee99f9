import type { Connection } from '../bigquery/connection.js';
import { param } from '../bigquery/query-parameters.js';
import { runQuery } from '../bigquery/run-query.js';
import { withModel } from '../dataform/with-model.js';
import type { Arm } from '../releases/assign-arm.js';
import { stratumSums } from './canary-metrics.js';

/** One canary's units in one arm that entered in one state, with history or without: the row of canary_stratum_metrics. */
export interface StratumArmRow {
  agentId: string;
  label: string;
  canaryReleaseNumber: number;
  entryReleaseNumber: number;
  /** The candidate's configured share in the entry state, in percent. */
  candidatePercent: number;
  /** The units had runs before the canary (their history). */
  hasHistory: boolean;
  arm: Arm;
  units: number;
  misassignedUnits: number;
  /** The summed columns (stratumSums) by name. */
  sums: Readonly<Record<string, number>>;
}

/** The canary's caps (pooled p99) of the capped means; null without values. */
export interface CanaryCaps {
  cost_usd: number | null;
  latency_ms: number | null;
  total_tokens: number | null;
}

/** The key a canary has in the queries: agent, label and first state. */
export const canaryKey = (agentId: string, label: string, canaryReleaseNumber: number) => `${agentId}|${label}|${canaryReleaseNumber}`;

const KEY_SQL = "CONCAT(agent_id, '|', label, '|', CAST(canary_release_number AS STRING)) IN UNNEST(@canaries)";

const UPGRADE_HINT =
  'This models dataset was built before watch decided by unit: run `agentver models run` once (a full build) to create canary_units and canary_stratum_metrics; docs/watch.md, "Upgrading".';

/**
 * The statistics of the given canaries: the canary_stratum_metrics rows (built by `agentver
 * models run`), one per canary, entry state, history and arm, and each canary's caps from canary_states;
 * two small queries for all canaries. A models dataset without the mart is a not_found error
 * whose hint says how to build it (an upgrade from the run-level mart needs one models run).
 * @example
 * await loadCanaryStatistics(models, [canaryKey('support_triage', 'production', 11)]);
 * // { rows: [{ entryReleaseNumber: 11, arm: 'baseline', units: 1603, sums: { sum_n_runs: 16210, … } }, …], caps: Map { … } }
 */
export async function loadCanaryStatistics(
  models: Connection,
  canaries: readonly string[],
): Promise<{ rows: StratumArmRow[]; caps: Map<string, CanaryCaps> }> {
  if (canaries.length === 0) return { rows: [], caps: new Map() };
  const summed = stratumSums().map(({ column }) => column);
  const { rows } = await withModel(
    models,
    'canary_stratum_metrics',
    () =>
      runQuery(
        models,
        `SELECT agent_id, label, canary_release_number, entry_release_number, entry_candidate_percent, has_history, arm, n_units, n_misassigned_units,
         ${summed.join(', ')}
       FROM {{dataset}}.canary_stratum_metrics
       WHERE ${KEY_SQL}
       ORDER BY agent_id, label, canary_release_number, entry_release_number, has_history, arm`,
        { canaries: param.stringArray(canaries) },
      ),
    UPGRADE_HINT,
  );
  const { rows: capRows } = await withModel(
    models,
    'canary_states',
    () =>
      runQuery(
        models,
        `SELECT agent_id, label, canary_release_number,
         ANY_VALUE(cap_cost_usd) AS cap_cost_usd, ANY_VALUE(cap_latency_ms) AS cap_latency_ms, ANY_VALUE(cap_total_tokens) AS cap_total_tokens
       FROM {{dataset}}.canary_states
       WHERE ${KEY_SQL}
       GROUP BY agent_id, label, canary_release_number`,
        { canaries: param.stringArray(canaries) },
      ),
    UPGRADE_HINT,
  );
  const caps = new Map(
    capRows.map((row) => [
      canaryKey(row.agent_id as string, row.label as string, row.canary_release_number as number),
      {
        cost_usd: (row.cap_cost_usd as number | null) ?? null,
        latency_ms: (row.cap_latency_ms as number | null) ?? null,
        total_tokens: (row.cap_total_tokens as number | null) ?? null,
      },
    ]),
  );
  return {
    rows: rows.map((row) => ({
      agentId: row.agent_id as string,
      label: row.label as string,
      canaryReleaseNumber: row.canary_release_number as number,
      entryReleaseNumber: row.entry_release_number as number,
      candidatePercent: row.entry_candidate_percent as number,
      hasHistory: row.has_history === true,
      arm: row.arm as Arm,
      units: Number(row.n_units),
      misassignedUnits: Number(row.n_misassigned_units),
      sums: Object.fromEntries(summed.map((column) => [column, Number(row[column] ?? 0)])),
    })),
    caps,
  };
}
