import { randomUUID } from 'node:crypto';
import type { BigQuery } from '@google-cloud/bigquery';
import type { Connection } from './connection.js';
import { decodeRows, type SchemaField } from './decode-rows.js';
import { forgetEmulatorJobs } from './forget-emulator-jobs.js';
import { DATASET_ID } from './identifiers.js';
import { type QueryParams, toRestParameters } from './query-parameters.js';

export type Row = Record<string, unknown>;

export interface QueryResult<T extends Row = Row> {
  rows: T[];
  jobId: string | undefined;
}

interface QueryResponse {
  jobComplete?: boolean;
  jobReference?: { jobId: string; location?: string };
  pageToken?: string;
  schema?: { fields?: SchemaField[] };
  rows?: Array<{ f: Array<{ v: unknown }> }>;
}

function request<T>(
  bigquery: BigQuery,
  options: { method: string; uri: string; json?: unknown; qs?: Record<string, unknown> },
): Promise<T> {
  return new Promise((resolve, reject) => {
    bigquery.request(options, (error: Error | null, response: unknown) => (error ? reject(error) : resolve(response as T)));
  });
}

const DATASET_TOKEN = /\{\{dataset\}\}/g;

/**
 * Puts the connection's dataset, with its project, where the SQL says `{{dataset}}`, e.g.
 * `{{dataset}}.agent_configs` → `` `my-proj`.`agentver`.agent_configs ``. Values always travel as
 * parameters; a dataset is an identifier, which BigQuery does not take as a parameter, so it is
 * written in, quoted, and only after checking it holds no quote. Tables are always qualified
 * because the emulator resolves an unqualified name in the first dataset that has such a table,
 * whatever the job's default dataset, and reads `a.b` as project a when a dataset is named like
 * its project.
 */
export function qualifyTables(sql: string, projectId: string, datasetId: string): string {
  if (!DATASET_ID.test(datasetId)) throw new TypeError(`dataset "${datasetId}" must use only letters, digits and underscores`);
  if (!/^[A-Za-z0-9.:_-]+$/.test(projectId)) throw new TypeError(`project "${projectId}" is not a valid project id`);
  return sql.replace(DATASET_TOKEN, `\`${projectId}\`.\`${datasetId}\``);
}

/**
 * Runs one query (a statement or a multi-statement script) as one BigQuery job through
 * jobs.query, with typed named parameters; `{{dataset}}` names the connection's dataset.
 * Scripts return the rows of their last statement. On the emulator the job is deleted once its
 * rows are read (forgetEmulatorJobs), so the emulator does not slow with every query it ran.
 *
 * @example
 * await runQuery(conn, 'SELECT version FROM {{dataset}}.agent_configs WHERE agent_id = @agent_id', { agent_id: param.string('triage') });
 * // jobs.query { query: "...", parameterMode: "NAMED", queryParameters: [{ name: "agent_id", ... }], defaultDataset: {...} }
 */
export async function runQuery<T extends Row = Row>(
  connection: Connection,
  sql: string,
  params: QueryParams = {},
): Promise<QueryResult<T>> {
  const { bigquery, projectId, datasetId, location } = connection;
  const response = await request<QueryResponse>(bigquery, {
    method: 'POST',
    uri: '/queries',
    json: {
      query: qualifyTables(sql, projectId, datasetId),
      useLegacySql: false,
      parameterMode: 'NAMED',
      queryParameters: toRestParameters(params),
      defaultDataset: { projectId, datasetId },
      location,
      timeoutMs: 60_000,
      // Makes a retried request (after a dropped connection) run at most once.
      requestId: randomUUID(),
    },
  });
  const jobId = response.jobReference?.jobId;
  let page = response;
  const rows = decodeRows(page.schema?.fields ?? [], page.rows ?? []);
  // Long-running or paged results: read the rest of this same job with jobs.getQueryResults.
  while (jobId && (!page.jobComplete || page.pageToken)) {
    page = await request<QueryResponse>(bigquery, {
      method: 'GET',
      uri: `/queries/${jobId}`,
      qs: { location: response.jobReference?.location ?? location, pageToken: page.pageToken, timeoutMs: 60_000 },
    });
    // Pages of an unfinished job carry no rows.
    rows.push(...decodeRows(page.schema?.fields ?? [], page.rows ?? []));
  }
  if (connection.emulatorHost && jobId) await forgetEmulatorJobs(bigquery, [jobId]);
  return { rows: rows as T[], jobId };
}
