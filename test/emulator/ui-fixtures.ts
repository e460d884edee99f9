import { type Connection, connect } from '../../src/bigquery/connection.js';
import { param } from '../../src/bigquery/query-parameters.js';
import { runQuery } from '../../src/bigquery/run-query.js';
import { GRADE_COLUMNS } from '../../src/report/engine/grade-metrics.js';
import { METRIC_COLUMNS } from '../../src/report/engine/metrics.js';

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
