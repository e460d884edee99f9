import type { Connection } from '../bigquery/connection.js';
import { param } from '../bigquery/query-parameters.js';
import { runQuery } from '../bigquery/run-query.js';
import { ValidationError } from '../errors/validation-error.js';
import { type RejectedRow, TelemetryRecorder } from './telemetry-recorder.js';
import type { TelemetryTable } from './telemetry-rows.js';

export interface BadLine {
  /** 1-based line number in the input. */
  line: number;
  reason: string;
}

export interface IngestProgress {
  linesRead: number;
  queued: number;
  badLines: number;
}

export interface IngestResult extends IngestProgress {
  inserted: number;
  /** The first 1,000 bad lines (all of them are counted in badLines). */
  badLineDetails: BadLine[];
  /** Rows BigQuery refused, with its reason. */
  rejected: RejectedRow[];
  /** Good rows read but not written because the backend failed; reading stopped there. */
  notWritten: number;
  /** The first line of the input not known to be written (a rerun may start there), when the backend failed. */
  firstLineNotWritten: number | undefined;
  /** Why the backend failed; ingest stopped reading when it did. */
  backendError: string | undefined;
}

const MAX_DETAILS = 1000;
// Batches sent at once: enough to overlap a round trip, few enough that a dead backend strands few rows.
const MAX_IN_FLIGHT = 2;

/**
 * Streams newline-delimited JSON rows into a telemetry table through the batching recorder.
 * A bad line (not JSON, not a valid row, or naming a version agent_configs does not have) is
 * reported by its number and skipped; the good lines around it are still written. Versions are
 * looked up once per batch of rows (one small query), and memory stays bounded by the batch size:
 * at most MAX_IN_FLIGHT batches are sent at once. When the backend fails (after the recorder's
 * retry budget), reading stops and the result says how far it got; rows carry their ids, so
 * sending the same file again is safe.
 */
export async function ingestNdjson(
  connection: Connection,
  table: TelemetryTable,
  lines: AsyncIterable<string>,
  options: { onProgress?: (progress: IngestProgress) => void; maxBatchRows?: number; checkVersions?: boolean } = {},
): Promise<IngestResult> {
  const batchRows = options.maxBatchRows ?? 500;
  const recorder = new TelemetryRecorder(connection, { maxBatchRows: batchRows, flushOnExit: false });
  const result: IngestResult = {
    linesRead: 0,
    queued: 0,
    badLines: 0,
    inserted: 0,
    badLineDetails: [],
    rejected: [],
    notWritten: 0,
    firstLineNotWritten: undefined,
    backendError: undefined,
  };
  // Line numbers of the rows handed to the recorder, to name the first one it could not write.
  const lineOf = new WeakMap<object, number>();
  const bad = (line: number, reason: string) => {
    result.badLines++;
    if (result.badLineDetails.length < MAX_DETAILS) result.badLineDetails.push({ line, reason });
  };
  const known = new Set<string>();
  let pending: Array<{ line: number; row: Record<string, unknown> }> = [];
  // A row naming an unknown version would fail the models' referential assertion later: refuse it here.
  const notWritten = (lines: number[], error: string) => {
    result.notWritten += lines.length;
    if (lines.length > 0) result.firstLineNotWritten = Math.min(result.firstLineNotWritten ?? Number.POSITIVE_INFINITY, ...lines);
    result.backendError ??= error;
  };
  const record = async () => {
    const unseen = [...new Set(pending.map(({ row }) => String(row.agent_version_id)))].filter((id) => !known.has(id));
    if (unseen.length > 0 && options.checkVersions !== false) {
      try {
        const { rows } = await runQuery<{ agent_version_id: string }>(
          connection,
          'SELECT DISTINCT agent_version_id FROM {{dataset}}.agent_configs WHERE agent_version_id IN UNNEST(@ids)',
          { ids: param.stringArray(unseen) },
        );
        for (const row of rows) known.add(row.agent_version_id);
      } catch (error) {
        notWritten(
          pending.map(({ line }) => line),
          (error as Error).message,
        );
        pending = [];
        return;
      }
    }
    for (const { line, row } of pending) {
      if (options.checkVersions !== false && !known.has(String(row.agent_version_id))) {
        bad(line, `agent_version_id: ${String(row.agent_version_id)} is not a version in agent_configs`);
        continue;
      }
      lineOf.set(row, line);
      recorder.record(table, row);
      result.queued++;
    }
    pending = [];
    await recorder.drain(MAX_IN_FLIGHT);
  };
  const stopped = () => result.backendError !== undefined || recorder.backendError !== undefined;
  for await (const text of lines) {
    const line = ++result.linesRead;
    if (text.trim() === '') continue;
    let row: unknown;
    try {
      row = JSON.parse(text);
    } catch (error) {
      bad(line, `not JSON: ${(error as Error).message}`);
      continue;
    }
    if (row === null || typeof row !== 'object' || Array.isArray(row)) {
      bad(line, 'must be a JSON object');
      continue;
    }
    try {
      recorder.validate(table, row as Record<string, unknown>);
      pending.push({ line, row: row as Record<string, unknown> });
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      bad(line, error.problems.map((problem) => `${problem.field}: ${problem.rule}`).join('; '));
    }
    if (pending.length >= batchRows) await record();
    if (line % 1000 === 0) options.onProgress?.(result);
    if (stopped()) break;
  }
  if (!stopped()) await record();
  else
    notWritten(
      pending.map(({ line }) => line),
      recorder.backendError?.message ?? '',
    );
  // Version checks report at the end of a batch: put the details back in line order.
  result.badLineDetails.sort((a, b) => a.line - b.line);
  const flushed = await recorder.close();
  result.inserted = flushed.inserted;
  result.rejected = flushed.rejected;
  if (flushed.failed.length > 0) {
    notWritten(
      flushed.failed.map(({ row }) => lineOf.get(row) ?? Number.POSITIVE_INFINITY),
      flushed.failed[0]?.reason ?? '',
    );
  }
  options.onProgress?.(result);
  return result;
}
