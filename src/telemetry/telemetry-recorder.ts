import type { Connection } from '../bigquery/connection.js';
import { ValidationError } from '../errors/validation-error.js';
import { type ExecutionRow, type GradeRow, type LlmCallRow, TELEMETRY_TABLES, type TelemetryTable } from './telemetry-rows.js';

export interface RejectedRow {
  table: TelemetryTable;
  /** The row as the caller gave it. */
  row: Record<string, unknown>;
  reason: string;
}

export interface FlushResult {
  inserted: number;
  /** Rows BigQuery refused: the row itself is wrong. */
  rejected: RejectedRow[];
  /** Rows not written because the request failed (backend unreachable, table missing): send them again later. */
  failed: RejectedRow[];
}

export interface RecorderOptions {
  /** Send a table's batch when it holds this many rows (BigQuery recommends about 500 per insertAll). */
  maxBatchRows?: number;
  /** …or this many bytes of JSON (insertAll's request limit is 10 MB). */
  maxBatchBytes?: number;
  /** …or when its oldest row has waited this long. */
  flushIntervalMs?: number;
  /** Attempts for a batch that fails with a transient error, with exponential backoff. */
  maxAttempts?: number;
  /** …and no new attempt once the batch has been failing for this long. */
  retryBudgetMs?: number;
  /** Rows refused during a background flush; without it they wait for the next flush()/close(). */
  onRejected?: (rejected: RejectedRow[]) => void;
  /** Flush automatically when the event loop empties (process 'beforeExit'). Default true. */
  flushOnExit?: boolean;
}

interface Pending {
  /** The row sent to BigQuery (validated, recorded_at set). */
  json: Record<string, unknown>;
  /** What the caller gave, returned if the row is refused. */
  original: Record<string, unknown>;
  insertId: string;
  bytes: number;
}

interface InsertError {
  errors?: Array<{ row?: unknown; errors?: Array<{ reason?: string; message?: string }> }>;
  code?: number | string;
  message?: string;
}

const TRANSIENT = /backendError|internalError|rateLimitExceeded|timeout|ECONNRESET|ECONNREFUSED|ETIMEDOUT|EAI_AGAIN|socket hang up/i;

function isTransient(error: InsertError): boolean {
  const code = Number(error.code);
  return code === 429 || code >= 500 || TRANSIENT.test(String(error.message));
}

/**
 * Records telemetry rows in batches through insertAll (streaming inserts). Each row's own id
 * (execution_id, call_id, grade_id) is its insertId, so a retried batch carries the same ids:
 * BigQuery de-duplicates them best-effort, and the staging models de-duplicate by id for certain.
 * Rows are validated before they are queued; a row the table refuses comes back with its reason,
 * from flush() and close(), or to `onRejected` — never silently dropped.
 */
export class TelemetryRecorder {
  private readonly queues = new Map<TelemetryTable, Pending[]>();
  private readonly timers = new Map<TelemetryTable, NodeJS.Timeout>();
  private readonly inFlight = new Set<Promise<void>>();
  private unreported: RejectedRow[] = [];
  private unwritten: RejectedRow[] = [];
  private lastFailure: Error | undefined;
  private insertedSinceFlush = 0;
  private closed = false;
  private readonly options: Required<Omit<RecorderOptions, 'onRejected'>> & Pick<RecorderOptions, 'onRejected'>;
  private readonly onBeforeExit = () => void this.flush();

  constructor(
    private readonly connection: Connection,
    options: RecorderOptions = {},
  ) {
    this.options = {
      maxBatchRows: options.maxBatchRows ?? 500,
      maxBatchBytes: options.maxBatchBytes ?? 5_000_000,
      flushIntervalMs: options.flushIntervalMs ?? 1000,
      maxAttempts: options.maxAttempts ?? 5,
      retryBudgetMs: options.retryBudgetMs ?? 10_000,
      flushOnExit: options.flushOnExit ?? true,
      onRejected: options.onRejected,
    };
    if (this.options.flushOnExit) process.on('beforeExit', this.onBeforeExit);
  }

  recordExecution(row: ExecutionRow): void {
    this.record('task_executions', row as Record<string, unknown>);
  }

  recordLlmCall(row: LlmCallRow): void {
    this.record('llm_calls', row as Record<string, unknown>);
  }

  recordGrade(row: GradeRow): void {
    this.record('outcome_grades', row as Record<string, unknown>);
  }

  /** Queues a row for a table; throws ValidationError (naming the field) for a row that can never be inserted. */
  record(table: TelemetryTable, row: Record<string, unknown>): void {
    if (this.closed) throw new Error('TelemetryRecorder is closed');
    const json = this.validate(table, row);
    const { idField } = TELEMETRY_TABLES[table];
    const pending: Pending = { json, original: row, insertId: String(json[idField]), bytes: JSON.stringify(json).length };
    const queue = this.queues.get(table) ?? [];
    queue.push(pending);
    this.queues.set(table, queue);
    const bytes = queue.reduce((sum, item) => sum + item.bytes, 0);
    if (queue.length >= this.options.maxBatchRows || bytes >= this.options.maxBatchBytes) this.send(table);
    else if (!this.timers.has(table)) {
      const timer = setTimeout(() => this.send(table), this.options.flushIntervalMs);
      timer.unref();
      this.timers.set(table, timer);
    }
  }

  /** Validates a row as `table` takes it; returns the JSON to insert. */
  validate(table: TelemetryTable, row: Record<string, unknown>): Record<string, unknown> {
    const result = TELEMETRY_TABLES[table].schema.safeParse(row);
    if (!result.success) throw ValidationError.fromZod(result.error, `${table} row`);
    const json: Record<string, unknown> = { ...result.data, recorded_at: new Date().toISOString() };
    if (json.attributes !== undefined && json.attributes !== null) json.attributes = JSON.stringify(json.attributes);
    return json;
  }

  /**
   * The error of the last batch that could not be sent, until a batch goes through again. While it
   * is set, a failing batch is not retried: a backend that is down costs one retry budget, not one
   * per batch.
   */
  get backendError(): Error | undefined {
    return this.lastFailure;
  }

  /** Waits until fewer than `maxBatches` batches are being sent: the backpressure of a caller that produces rows faster. */
  async drain(maxBatches: number): Promise<void> {
    while (this.inFlight.size >= maxBatches) await Promise.race([...this.inFlight]);
  }

  /** Sends everything queued and waits for it; returns what was inserted, refused and not written since the last flush. */
  async flush(): Promise<FlushResult> {
    for (const table of [...this.queues.keys()]) this.send(table);
    while (this.inFlight.size > 0) await Promise.all([...this.inFlight]);
    const result = { inserted: this.insertedSinceFlush, rejected: this.unreported, failed: this.unwritten };
    this.insertedSinceFlush = 0;
    this.unreported = [];
    this.unwritten = [];
    return result;
  }

  /** Flushes and stops accepting rows. */
  async close(): Promise<FlushResult> {
    const result = await this.flush();
    this.closed = true;
    process.off('beforeExit', this.onBeforeExit);
    return result;
  }

  private send(table: TelemetryTable): void {
    clearTimeout(this.timers.get(table));
    this.timers.delete(table);
    const batch = this.queues.get(table) ?? [];
    this.queues.delete(table);
    if (batch.length === 0) return;
    const work = this.insert(table, batch).finally(() => this.inFlight.delete(work));
    this.inFlight.add(work);
  }

  private async insert(table: TelemetryTable, batch: Pending[]): Promise<void> {
    let remaining = batch;
    const rejected: RejectedRow[] = [];
    const started = Date.now();
    for (let attempt = 1; remaining.length > 0; attempt++) {
      try {
        await this.connection.bigquery
          .dataset(this.connection.datasetId)
          .table(table)
          .insert(
            remaining.map((item) => ({ insertId: item.insertId, json: item.json })),
            { raw: true },
          );
        this.insertedSinceFlush += remaining.length;
        remaining = [];
        this.lastFailure = undefined;
      } catch (caught) {
        const error = caught as InsertError;
        if (error.errors?.length && error.errors.some((entry) => entry.row !== undefined)) {
          // A partial failure: rows marked "stopped" were fine but not inserted; the others are refused.
          const failed = new Map(error.errors.map((entry) => [(entry.row as { insertId?: string })?.insertId, entry.errors ?? []]));
          const retry: Pending[] = [];
          for (const item of remaining) {
            const reasons = failed.get(item.insertId);
            if (!reasons) this.insertedSinceFlush++;
            else if (reasons.every((reason) => reason.reason === 'stopped')) retry.push(item);
            else rejected.push({ table, row: item.original, reason: reasons.map((reason) => reason.message ?? reason.reason).join('; ') });
          }
          remaining = retry;
        } else if (
          isTransient(error) &&
          attempt < this.options.maxAttempts &&
          Date.now() - started < this.options.retryBudgetMs &&
          !this.lastFailure
        ) {
          await new Promise((resolve) => setTimeout(resolve, Math.min(100 * 2 ** attempt, 5000)));
        } else {
          const reason = error.message ?? String(caught);
          this.lastFailure = caught instanceof Error ? caught : new Error(reason);
          for (const item of remaining) this.unwritten.push({ table, row: item.original, reason });
          remaining = [];
        }
      }
    }
    if (rejected.length > 0) {
      if (this.options.onRejected) this.options.onRejected(rejected);
      else this.unreported.push(...rejected);
    }
  }
}
