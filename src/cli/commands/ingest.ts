import { createReadStream } from 'node:fs';
import { access } from 'node:fs/promises';
import { resolve } from 'node:path';
import { createInterface } from 'node:readline';
import type { Command } from 'commander';
import { AgentverError } from '../../errors/agentver-error.js';
import { ValidationError } from '../../errors/validation-error.js';
import { type IngestResult, ingestNdjson } from '../../telemetry/ingest-ndjson.js';
import { TELEMETRY_TABLES, type TelemetryTable } from '../../telemetry/telemetry-rows.js';
import type { CliIo } from '../io.js';
import { output } from '../output.js';
import { runCommand } from '../run-command.js';

const TABLES = Object.keys(TELEMETRY_TABLES) as TelemetryTable[];

/** The backend failed during an ingest: one summary of how far it got, and how to finish. */
class IngestStoppedError extends AgentverError {
  constructor(table: string, file: string, result: IngestResult) {
    const rerun = `agentver ingest ${table} --file ${file === '-' ? '<the same file>' : file}`;
    super(
      'backend',
      `ingest stopped, BigQuery failed: ${result.backendError}\n` +
        `${result.inserted.toLocaleString('en')} rows written, ${result.notWritten.toLocaleString('en')} read but not written; ` +
        `reading stopped at line ${result.linesRead.toLocaleString('en')}, the first line not written is ${result.firstLineNotWritten?.toLocaleString('en')}`,
      {
        hint: `Once BigQuery answers again, rerun ${rerun}: rows keep their ids, so rows sent twice are de-duplicated (by insertId, and by id in the staging models).`,
        details: { result },
      },
    );
    this.name = 'IngestStoppedError';
  }
}

export function registerIngest(program: Command, io: CliIo): void {
  program
    .command('ingest')
    .description('Stream newline-delimited JSON rows into a telemetry table, in batches.')
    .argument('<table>', `one of ${TABLES.join(', ')}`)
    .option('-f, --file <path>', 'NDJSON file, one row per line; - for stdin', '-')
    .addHelpText(
      'after',
      [
        '',
        "Each line is one row with the table's columns (see sql/<table>.sql). A bad line is reported",
        'by its number and skipped; the good lines are written. Exit code 2 if any line was bad.',
        '',
        'Examples:',
        '  agentver ingest task_executions --file runs.ndjson',
        '  gunzip -c grades.ndjson.gz | agentver ingest outcome_grades',
      ].join('\n'),
    )
    .action(async (table: string, options: { file: string }, command: Command) => {
      await runCommand(io, command, async (context) => {
        if (!TABLES.includes(table as TelemetryTable)) {
          throw new ValidationError([{ field: '<table>', rule: `must be one of ${TABLES.join(', ')}; got "${table}"` }], 'ingest');
        }
        let input: NodeJS.ReadableStream;
        if (options.file === '-') input = io.openStdin();
        else {
          const path = resolve(io.cwd, options.file);
          await access(path).catch(() => {
            throw new ValidationError([{ field: '--file', rule: `${options.file} does not exist` }], 'ingest');
          });
          input = createReadStream(path, 'utf8');
        }
        const started = performance.now();
        const progress = (p: { linesRead: number; queued: number; badLines: number }) => {
          if (!io.isInteractive) return;
          const rate = Math.round(p.queued / Math.max((performance.now() - started) / 1000, 0.001));
          io.stderr(
            `\r${p.linesRead.toLocaleString('en')} lines · ${p.queued.toLocaleString('en')} rows · ${p.badLines} bad · ${rate.toLocaleString('en')} rows/s\u001b[K`.replace(
              /\n$/,
              '',
            ),
          );
        };
        const result = await ingestNdjson(
          await context.connection(),
          table as TelemetryTable,
          createInterface({ input, crlfDelay: Number.POSITIVE_INFINITY }),
          {
            onProgress: progress,
          },
        );
        const seconds = (performance.now() - started) / 1000;
        const data = { table, ...result, seconds };
        const failure = result.backendError
          ? new IngestStoppedError(table, options.file, result)
          : result.badLines > 0
            ? new AgentverError('invalid_input', `${result.badLines} bad line(s) skipped; ${result.inserted} rows written`, {
                details: { result: data },
              })
            : result.rejected.length > 0
              ? new AgentverError('backend', `${result.rejected.length} row(s) refused by BigQuery; ${result.inserted} rows written`, {
                  details: { result: data },
                })
              : undefined;
        // Under --format json the error carries the result, so stdout stays one JSON document; a
        // stopped ingest says everything in its one error.
        if (failure && (context.format === 'json' || result.backendError)) throw failure;
        output(context, data, {
          table: () =>
            [
              `${table}: ${result.inserted} rows written from ${result.linesRead} lines in ${seconds.toFixed(1)} s`,
              ...result.badLineDetails.slice(0, 50).map((bad) => `  line ${bad.line}: ${bad.reason}`),
              ...(result.badLines > 50 ? [`  … and ${result.badLines - 50} more bad lines (--format json lists the first 1,000)`] : []),
              ...result.rejected
                .slice(0, 50)
                .map((rejected) => `  refused by BigQuery: ${JSON.stringify(rejected.row)}: ${rejected.reason}`),
              ...(result.rejected.length > 50
                ? [`  … and ${result.rejected.length - 50} more refused rows (--format json lists them)`]
                : []),
            ].join('\n'),
        });
        if (failure) throw failure;
      });
    });
}
