import { resolve } from 'node:path';
import type { Command } from 'commander';
import { renderDiffMarkdown, renderDiffText } from '../../diff/index.js';
import { AgentverError } from '../../errors/agentver-error.js';
import { compareAgent } from '../../report/compare-agent.js';
import { renderComparisonHtml } from '../../report/render/render-comparison-html.js';
import { renderComparisonMarkdown, renderComparisonText } from '../../report/render/render-text.js';
import type { CliIo } from '../io.js';
import { output } from '../output.js';
import { addReportOptions, parseReportOptions, statisticsSettings } from '../report-options.js';
import { integerOption, runCommand } from '../run-command.js';
import { writeOutputFile } from '../write-output-file.js';

export function registerCompare(program: Command, io: CliIo): void {
  addReportOptions(
    program
      .command('compare')
      .description(
        'Is one version better or worse than another? Field diff, metric table with p-values, and the rollback command if worse.',
      )
      .argument('<agent>', 'agent id')
      .argument('[from]', 'baseline version (default: the parent of <to>)', integerOption('<from>', 1))
      .argument('[to]', 'candidate version (default: the latest)', integerOption('<to>', 1))
      .option('--fail-on-worse', 'exit 1 when the candidate is worse (for CI and scheduled checks)'),
  )
    .addHelpText(
      'after',
      [
        '',
        'Reads per-version sufficient statistics from the Dataform marts (agentver models run).',
        "Rates use prop.test (Yates), means use Welch's t-test; p-values are corrected across metrics.",
        '',
        'Examples:',
        '  agentver compare support_triage                 # latest against its parent',
        '  agentver compare support_triage 41 42 --since 2026-11-01 --format markdown',
        '  agentver compare support_triage --format html -o report.html',
      ].join('\n'),
    )
    .action(async (agentId: string, from: number | undefined, to: number | undefined, raw: Record<string, unknown>, command: Command) => {
      await runCommand(io, command, async (context) => {
        const options = parseReportOptions(raw, context.format);
        const result = await compareAgent(await context.connection(), await context.modelsConnection(), agentId, {
          ...(from !== undefined ? { from } : {}),
          ...(to !== undefined ? { to } : {}),
          ...(options.since ? { fromDate: options.since } : {}),
          ...(options.until ? { toDate: options.until } : {}),
          ...statisticsSettings(options),
        });
        const { comparison, diff, rollbackCommand } = result;
        if (context.format === 'html') {
          const path = resolve(
            io.cwd,
            options.output ?? `agentver-${agentId}-${comparison.baseline.version}-${comparison.candidate.version}.html`,
          );
          writeOutputFile(path, renderComparisonHtml(result, { confidence: options.confidence }));
          io.stdout(`wrote ${path}`);
        } else {
          output(context, result, {
            table: () =>
              renderComparisonText(comparison, { diffText: renderDiffText(diff), ...(rollbackCommand ? { rollbackCommand } : {}) }),
            markdown: () =>
              renderComparisonMarkdown(comparison, {
                // the diff's groups sit under "What changed", two levels below the title
                diffMarkdown: renderDiffMarkdown(diff, { level: 3 }),
                ...(rollbackCommand ? { rollbackCommand } : {}),
              }),
          });
        }
        if (raw.failOnWorse && comparison.overall === 'worse') {
          throw new AgentverError(
            'regression',
            `${comparison.candidate.agentVersionId} is worse than ${comparison.baseline.agentVersionId}`,
            { hint: rollbackCommand ?? undefined },
          );
        }
      });
    });
}
