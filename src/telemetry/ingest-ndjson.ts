import type { Connection } from '../bigquery/connection.js';
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
}

const MAX_DETAILS = 1000;

/**
 * Streams newline-delimited JSON rows into a telemetry table through the batching recorder.
 * A bad line (not JSON, or not a valid row) is reported by its number and skipped; the good
 * lines around it are still written. Memory stays bounded by the recorder's batch size.
 */
export async function ingestNdjson(
  connection: Connection,
  table: TelemetryTable,
  lines: AsyncIterable<string>,
  options: { onProgress?: (progress: IngestProgress) => void; maxBatchRows?: number } = {},
): Promise<IngestResult> {
  const recorder = new TelemetryRecorder(connection, { maxBatchRows: options.maxBatchRows ?? 500, flushOnExit: false });
  const result: IngestResult = { linesRead: 0, queued: 0, badLines: 0, inserted: 0, badLineDetails: [], rejected: [] };
  const bad = (line: number, reason: string) => {
    result.badLines++;
    if (result.badLineDetails.length < MAX_DETAILS) result.badLineDetails.push({ line, reason });
  };
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
      recorder.record(table, row as Record<string, unknown>);
      result.queued++;
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      bad(line, error.problems.map((problem) => `${problem.field}: ${problem.rule}`).join('; '));
    }
    if (line % 1000 === 0) options.onProgress?.(result);
  }
  const flushed = await recorder.close();
  result.inserted = flushed.inserted;
  result.rejected = flushed.rejected;
  options.onProgress?.(result);
  return result;
}
