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
      .option(
        '--fail-on-worse',
        'exit 1 when the verdict is worse (for CI on a pull request). A single look: for daily checks of a canary use `agentver watch`',
      ),
  )
    .addHelpText(
      'after',
      [
        '',
        'Reads per-version sufficient statistics from the Dataform marts (agentver models run).',
        "Rates use prop.test (Yates), means use Welch's t-test. The verdict follows the primary metric",
        '(tested on its own at --alpha) and the guardrails: worse when the primary is worse or a guardrail',
        'is worse than its margin; better when the primary is better and every guardrail within its margin.',
        'The other metrics are reported with p-values corrected across them (--adjust) and intervals at',
        'the level of their Holm step. Each grade metric gets its own pass rate and score, with coverage.',
        'JSON: comparison.overall, decidedBy, reason; per metric role, margin, marginVerdict, interval.',
        '',
        '--fail-on-worse is a single look at a fixed horizon: run every day on the same versions, its',
        'chance of a false "worse" grows with every look. For scheduled checks, canary the candidate and',
        'run `agentver watch`, whose always-valid tests allow a look every day.',
        '',
        'Exit codes: 0 compared; 1 worse with --fail-on-worse, or not found; 2 bad input; 3 BigQuery failed.',
        '',
        'Examples:',
        '  agentver compare support_triage                 # latest against its parent',
        '  agentver compare support_triage 41 42 --since 2026-11-01 --format markdown',
        '  agentver compare support_triage --format html -o report.html',
        '  agentver compare support_triage --primary success_rate --guardrail latency_ms:+20% --fail-on-worse',
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
        const failOnWorse = raw.failOnWorse === true;
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
              renderComparisonText(comparison, {
                diffText: renderDiffText(diff),
                singleLook: failOnWorse,
                ...(rollbackCommand ? { rollbackCommand } : {}),
              }),
            markdown: () =>
              renderComparisonMarkdown(comparison, {
                // the diff's groups sit under "What changed", two levels below the title
                diffMarkdown: renderDiffMarkdown(diff, { level: 3 }),
                singleLook: failOnWorse,
                ...(rollbackCommand ? { rollbackCommand } : {}),
              }),
          });
        }
        if (failOnWorse && comparison.overall === 'worse') {
          throw new AgentverError(
            'regression',
            `${comparison.candidate.agentVersionId} is worse than ${comparison.baseline.agentVersionId}: ${comparison.reason} ` +
              '(a single look; for daily checks use `agentver watch`)',
            { hint: rollbackCommand ?? undefined },
          );
        }
      });
    });
}
