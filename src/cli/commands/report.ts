import { resolve } from 'node:path';
import type { Command } from 'commander';
import { reportAgent } from '../../report/compare-agent.js';
import { renderReportHtml } from '../../report/render/render-html.js';
import { renderReportText } from '../../report/render/render-text.js';
import type { CliIo } from '../io.js';
import { output } from '../output.js';
import { addReportOptions, parseReportOptions, statisticsSettings } from '../report-options.js';
import { integerOption, runCommand } from '../run-command.js';
import { writeOutputFile } from '../write-output-file.js';

export function registerReport(program: Command, io: CliIo): void {
  addReportOptions(
    program
      .command('report')
      .description("Every version's metrics, with intervals, and each version against the one before it.")
      .argument('<agent>', 'agent id')
      .option('--from-version <n>', 'first version to include', integerOption('--from-version', 1))
      .option('--to-version <n>', 'last version to include', integerOption('--to-version', 1)),
  )
    .addHelpText(
      'after',
      [
        '',
        'Each comparison decides as `compare` does: on --primary and the --guardrail margins, each grade',
        'metric on its own with its coverage. --format html writes one page with every comparison.',
        '',
        'Examples:',
        '  agentver report support_triage --since 2026-11-01',
        '  agentver report support_triage --from-version 38 --format html -o triage.html',
      ].join('\n'),
    )
    .action(async (agentId: string, raw: Record<string, unknown>, command: Command) => {
      await runCommand(io, command, async (context) => {
        const options = parseReportOptions(raw, context.format);
        const filters = {
          ...(raw.fromVersion !== undefined ? { fromVersion: raw.fromVersion as number } : {}),
          ...(raw.toVersion !== undefined ? { toVersion: raw.toVersion as number } : {}),
          ...(options.since ? { fromDate: options.since } : {}),
          ...(options.until ? { toDate: options.until } : {}),
        };
        const report = await reportAgent(await context.connection(), await context.modelsConnection(), agentId, filters, {
          ...statisticsSettings(options),
        });
        if (context.format === 'html') {
          const path = resolve(io.cwd, options.output ?? `agentver-${agentId}-report.html`);
          writeOutputFile(path, renderReportHtml({ title: `${agentId}: versions compared`, report }));
          io.stdout(`wrote ${path}`);
          return;
        }
        output(context, report, { table: () => renderReportText(report), markdown: () => renderReportText(report, true) });
      });
    });
}
