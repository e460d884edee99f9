import { type Connection, connect } from '../../src/bigquery/connection.js';
import { param } from '../../src/bigquery/query-parameters.js';
import { runQuery } from '../../src/bigquery/run-query.js';
import { GRADE_COLUMNS } from '../../src/report/engine/grade-metrics.js';
import { METRIC_COLUMNS } from '../../src/report/engine/metrics.js';
import { stratumSums } from '../../src/watch/canary-metrics.js';

/** A prompt that would run script if any page rendered it as markup. */
export const XSS_PROMPT = 'Resolve tickets.\n<script>alert(1)</script> <img src=x onerror=alert(1)>\nBe kind.';

/**
 * The marts dataset beside `store` with empty version_daily_metrics and version_grade_daily_metrics,
 * written by hand (known sums, no Dataform run).
 */
export async function createMarts(store: Connection): Promise<Connection> {
  const marts = connect({ projectId: store.projectId, datasetId: `${store.datasetId}_models`, emulatorHost: store.emulatorHost });
  await marts.bigquery.createDataset(marts.datasetId);
  await runQuery(
    marts,
    `CREATE TABLE {{dataset}}.version_daily_metrics (agent_id STRING, agent_version_id STRING, agent_version INT64, run_date DATE, ${METRIC_COLUMNS.map((column) => `${column} FLOAT64`).join(', ')})`,
  );
  await runQuery(
    marts,
    `CREATE TABLE {{dataset}}.version_grade_daily_metrics (agent_id STRING, agent_version_id STRING, agent_version INT64, run_date DATE, metric STRING, ${GRADE_COLUMNS.map((column) => `${column} FLOAT64`).join(', ')})`,
  );
  return marts;
}

/** One version's sums of one grade metric on one day, in version_grade_daily_metrics. */
export async function writeGradeMetrics(
  marts: Connection,
  agentId: string,
  version: number,
  date: string,
  metric: string,
  columns: Partial<Record<(typeof GRADE_COLUMNS)[number], number>>,
): Promise<void> {
  await runQuery(
    marts,
    `INSERT INTO {{dataset}}.version_grade_daily_metrics (agent_id, agent_version_id, agent_version, metric, ${GRADE_COLUMNS.join(', ')}, run_date)
     VALUES (@agent_id, @id, @version, @metric, ${GRADE_COLUMNS.map((name) => `@${name}`).join(', ')}, CAST(@run_date AS DATE))`,
    {
      agent_id: param.string(agentId),
      id: param.string(`${agentId}@${version}`),
      version: param.int64(version),
      metric: param.string(metric),
      run_date: param.string(date),
      ...Object.fromEntries(GRADE_COLUMNS.map((name) => [name, param.float64(columns[name] ?? 0)])),
    },
  );
}

export async function writeDailyMetrics(
  marts: Connection,
  agentId: string,
  version: number,
  date: string,
  columns: Record<string, number>,
): Promise<void> {
  await runQuery(
    marts,
    // run_date last: the emulator lost the parameter right after CAST(@run_date AS DATE) in this VALUES list.
    `INSERT INTO {{dataset}}.version_daily_metrics (agent_id, agent_version_id, agent_version, ${METRIC_COLUMNS.join(', ')}, run_date)
     VALUES (@agent_id, @id, @version, ${METRIC_COLUMNS.map((name) => `@${name}`).join(', ')}, CAST(@run_date AS DATE))`,
    {
      agent_id: param.string(agentId),
      id: param.string(`${agentId}@${version}`),
      version: param.int64(version),
      run_date: param.string(date),
      ...Object.fromEntries(METRIC_COLUMNS.map((name) => [name, param.float64(columns[name] ?? 0)])),
    },
  );
}

/**
 * canary_states and canary_stratum_metrics in `marts`, by hand (no Dataform run): one stratum of a
 * canary at `percent`, its arms' units (without history) with one run each at the given resolution rates, so watch
 * and the page's "look now" can decide it.
 */
export async function writeCanaryMarts(
  marts: Connection,
  canary: { agentId: string; label: string; canaryReleaseNumber: number; percent: number },
  arms: { baseline: { units: number; resolved: number }; candidate: { units: number; resolved: number } },
): Promise<void> {
  const sums = stratumSums().map((s) => s.column);
  await runQuery(
    marts,
    `CREATE TABLE IF NOT EXISTS {{dataset}}.canary_stratum_metrics (agent_id STRING, label STRING, canary_release_number INT64,
       entry_release_number INT64, entry_candidate_percent FLOAT64, has_history BOOL, arm STRING, n_units INT64, n_misassigned_units INT64,
       ${sums.map((column) => `${column} FLOAT64`).join(', ')})`,
  );
  await runQuery(
    marts,
    `CREATE TABLE IF NOT EXISTS {{dataset}}.canary_states (agent_id STRING, label STRING, canary_release_number INT64,
       cap_cost_usd FLOAT64, cap_latency_ms FLOAT64, cap_total_tokens FLOAT64)`,
  );
  for (const arm of ['baseline', 'candidate'] as const) {
    const { units, resolved } = arms[arm];
    // one run a unit: Σruns = Σruns² = units, Σresolved = Σresolved² = Σresolved·runs = resolved
    const values: Record<string, number> = Object.fromEntries(sums.map((column) => [column, 0]));
    for (const column of ['sum_n_runs', 'sum_sq_n_runs', 'sum_n_cost_usd', 'sum_sq_n_cost_usd']) values[column] = units;
    for (const column of ['sum_n_resolved', 'sum_sq_n_resolved', 'sum_n_resolved_x_n_runs']) values[column] = resolved;
    values.sum_sum_cost_usd = 0.01 * units;
    values.sum_sq_sum_cost_usd = 0.0001 * units;
    values.sum_sum_cost_usd_x_n_cost_usd = 0.01 * units;
    await runQuery(
      marts,
      `INSERT INTO {{dataset}}.canary_stratum_metrics (agent_id, label, canary_release_number, entry_release_number, entry_candidate_percent,
         has_history, arm, n_units, n_misassigned_units, ${sums.join(', ')})
       VALUES (@agent_id, @label, @canary, @canary, @percent, FALSE, @arm, @units, 0, ${sums.map((column) => `@${column}`).join(', ')})`,
      {
        agent_id: param.string(canary.agentId),
        label: param.string(canary.label),
        canary: param.int64(canary.canaryReleaseNumber),
        percent: param.float64(canary.percent),
        arm: param.string(arm),
        units: param.int64(units),
        ...Object.fromEntries(sums.map((column) => [column, param.float64(values[column] ?? 0)])),
      },
    );
  }
  await runQuery(
    marts,
    `INSERT INTO {{dataset}}.canary_states (agent_id, label, canary_release_number, cap_cost_usd, cap_latency_ms, cap_total_tokens)
     VALUES (@agent_id, @label, @canary, 0.01, NULL, NULL)`,
    { agent_id: param.string(canary.agentId), label: param.string(canary.label), canary: param.int64(canary.canaryReleaseNumber) },
  );
}
