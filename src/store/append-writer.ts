import type { Connection } from '../bigquery/connection.js';
import type { QueryParams } from '../bigquery/query-parameters.js';
import { param } from '../bigquery/query-parameters.js';
import { runQuery } from '../bigquery/run-query.js';
import type { AppendOnlyTable, WriteOutcome } from './append-only-table.js';
import { loadSql } from './load-sql.js';

export interface AppendRequest {
  /** The key's columns, e.g. { agent_id: 'support_triage' }. */
  key: Readonly<Record<string, string>>;
  /** The number the write is based on: 0 for a first write, null for whatever is latest. */
  expected: number | null;
  /** Copy the payload of this number instead of writing `payload` (a rollback). */
  copyOf?: number;
  requestId: string;
  allowUnchanged: boolean;
  author: string;
  message: string;
  /** The payload's parameters (columnParams of each payload column) and @content_hash. */
  payload: QueryParams;
}

export interface AppendResult {
  outcome: WriteOutcome;
  /** This request's row: the one it wrote, or the one an earlier try with its request id wrote. */
  mine: Record<string, unknown> | undefined;
  /** The key's latest row after the write (undefined when the key has none). */
  latest: Record<string, unknown> | undefined;
}

// A write based on "whatever is latest" can lose a race without being wrong; it then runs again
// against the new latest number.
const MAX_ATTEMPTS = 5;

// Errors after which the script may or may not have run: a serialization failure on BigQuery,
// or a dropped connection (the emulator's HTTP server times out requests left waiting behind
// its one lock, "read tcp …"). Rerunning is safe either way: the request id writes at most once.
function isRetryable(error: unknown): boolean {
  return error instanceof Error && /could not serialize access|concurrent update|read tcp|ECONNRESET|socket hang up/i.test(error.message);
}

/**
 * Runs a table's write script (one job) and returns the outcome the script stated with the rows
 * it read back; the caller turns a refusal into its own error. Only a lost race of a write
 * without a base number is retried.
 * @example
 * await appendRow(conn, AGENT_CONFIGS, { key: { agent_id: 'triage' }, expected: 41, … })
 * // { outcome: 'written', mine: { version: 42, … }, latest: { version: 42, … } }
 */
export async function appendRow(connection: Connection, spec: AppendOnlyTable, request: AppendRequest): Promise<AppendResult> {
  const params: QueryParams = {
    ...Object.fromEntries(spec.key.map((column) => [column.name, param.string(request.key[column.name])])),
    expected: param.int64(request.expected),
    copy_of: param.int64(request.copyOf ?? null),
    request_id: param.string(request.requestId),
    allow_unchanged: param.bool(request.allowUnchanged),
    author: param.string(request.author),
    change_message: param.string(request.message),
    ...request.payload,
  };
  for (let attempt = 1; ; attempt++) {
    let rows: Record<string, unknown>[];
    try {
      ({ rows } = await runQuery(connection, loadSql(spec.writeScript), params));
    } catch (error) {
      if (isRetryable(error) && attempt < MAX_ATTEMPTS) continue;
      throw error;
    }
    const outcome = rows[0]?.outcome as WriteOutcome;
    const found = rows.filter((row) => row[spec.sequence] !== null && row[spec.sequence] !== undefined);
    const latest = found.reduce<Record<string, unknown> | undefined>(
      (best, row) => (!best || (row[spec.sequence] as number) > (best[spec.sequence] as number) ? row : best),
      undefined,
    );
    if (outcome === 'conflict' && request.expected === null && attempt < MAX_ATTEMPTS) continue;
    return { outcome, mine: found.find((row) => row.is_this_request === true), latest };
  }
}
