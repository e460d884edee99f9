import type { Connection } from '../../bigquery/connection.js';
import { param } from '../../bigquery/query-parameters.js';
import { runQuery } from '../../bigquery/run-query.js';
import { withModel } from '../../dataform/with-model.js';
import { GRADE_COLUMNS, gradeColumn } from '../engine/grade-metrics.js';
import { METRIC_COLUMNS } from '../engine/metrics.js';

/** One version's sufficient statistics over the chosen days: mart column → summed value. */
export interface VersionStats {
  agentVersionId: string;
  version: number;
  nRuns: number;
  firstRunDate: string | null;
  lastRunDate: string | null;
  /** Mart column → summed value; a grade metric's columns as `grade.<metric>.<column>` (gradeColumn). */
  columns: Record<string, number>;
  /** The grade metrics (outcome_grades.metric) graded on this version's runs in the range. */
  gradeMetrics?: string[];
}

export interface StatsQuery {
  agentId: string;
  /** Inclusive version range. */
  fromVersion?: number;
  toVersion?: number;
  /** Inclusive run dates, YYYY-MM-DD. */
  fromDate?: string;
  toDate?: string;
}

/**
 * Reads per-version sufficient statistics from the version_daily_metrics mart (the marts
 * dataset of `connection`), then each grade metric's from version_grade_daily_metrics, with the
 * same parameters: one row per version (and per version and grade metric), summed over the date
 * range in BigQuery, so the rows returned do not grow with the number of runs.
 * @example
 * await loadVersionStats(marts, { agentId: 'support_triage', fromDate: '2026-11-01' });
 * // SELECT agent_version_id, …, SUM(n_runs) AS n_runs, … FROM `p`.`agentver_models`.version_daily_metrics
 * // WHERE agent_id = @agent_id AND run_date BETWEEN @from_date AND @to_date … GROUP BY 1, 2
 */
export async function loadVersionStats(connection: Connection, query: StatsQuery): Promise<VersionStats[]> {
  const sums = METRIC_COLUMNS.map((column) => `SUM(${column}) AS ${column}`).join(',\n    ');
  const filters = `agent_id = @agent_id
    AND agent_version BETWEEN @from_version AND @to_version
    AND run_date BETWEEN CAST(@from_date AS DATE) AND CAST(@to_date AS DATE)`;
  const params = {
    agent_id: param.string(query.agentId),
    from_version: param.int64(query.fromVersion ?? 1),
    to_version: param.int64(query.toVersion ?? Number.MAX_SAFE_INTEGER),
    from_date: param.string(query.fromDate ?? '0001-01-01'),
    to_date: param.string(query.toDate ?? '9999-12-31'),
  };
  const { rows } = await withModel(connection, 'version_daily_metrics', () =>
    runQuery(
      connection,
      `SELECT
    agent_version_id,
    agent_version,
    SUM(n_runs) AS n_runs,
    MIN(run_date) AS first_run_date,
    MAX(run_date) AS last_run_date,
    ${sums}
  FROM {{dataset}}.version_daily_metrics
  WHERE ${filters}
  GROUP BY agent_version_id, agent_version
  ORDER BY agent_version`,
      params,
    ),
  );
  const grades = await withModel(connection, 'version_grade_daily_metrics', () =>
    runQuery(
      connection,
      `SELECT
    agent_version,
    metric,
    ${GRADE_COLUMNS.map((column) => `SUM(${column}) AS ${column}`).join(',\n    ')}
  FROM {{dataset}}.version_grade_daily_metrics
  WHERE ${filters}
  GROUP BY agent_version, metric
  ORDER BY agent_version, metric`,
      params,
    ),
  );
  return rows.map((row) => {
    const own = grades.rows.filter((grade) => grade.agent_version === row.agent_version);
    return {
      agentVersionId: row.agent_version_id as string,
      version: row.agent_version as number,
      nRuns: Number(row.n_runs ?? 0),
      firstRunDate: (row.first_run_date as string | null) ?? null,
      lastRunDate: (row.last_run_date as string | null) ?? null,
      columns: {
        ...Object.fromEntries(METRIC_COLUMNS.map((column) => [column, Number(row[column] ?? 0)])),
        ...Object.fromEntries(
          own.flatMap((grade) => GRADE_COLUMNS.map((column) => [gradeColumn(grade.metric as string, column), Number(grade[column] ?? 0)])),
        ),
      },
      gradeMetrics: own.map((grade) => grade.metric as string),
    };
  });
}
