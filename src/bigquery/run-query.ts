import { randomUUID } from 'node:crypto';
import type { BigQuery } from '@google-cloud/bigquery';
import type { Connection } from './connection.js';
import { decodeRows, type SchemaField } from './decode-rows.js';
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

/**
 * Runs one query (a statement or a multi-statement script) as one BigQuery job through
 * jobs.query, with typed named parameters and unqualified table names resolved in the
 * connection's dataset. Scripts return the rows of their last statement.
 *
 * @example
 * await runQuery(conn, 'SELECT version FROM agent_configs WHERE agent_id = @agent_id', { agent_id: param.string('triage') });
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
      query: sql,
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
  return { rows: rows as T[], jobId };
}
