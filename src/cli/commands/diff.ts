import type { Command } from 'commander';
import { diffConfigs, renderDiffMarkdown, renderDiffText } from '../../diff/index.js';
import { getVersionPair } from '../../store/read-versions.js';
import type { CliIo } from '../io.js';
import { output } from '../output.js';
import { integerOption, runCommand } from '../run-command.js';

export function registerDiff(program: Command, io: CliIo): void {
  program
    .command('diff')
    .description('Show what changed between two versions, field by field, grouped (metadata, behavior, capabilities, guardrails).')
    .argument('<agent>', 'agent id')
    .argument('<from>', 'older version', integerOption('<from>', 1))
    .argument('<to>', 'newer version', integerOption('<to>', 1))
    .addHelpText(
      'after',
      '\nExamples:\n  agentver diff support_triage 41 42\n  agentver diff support_triage 41 42 --format markdown   # for a pull request or chat',
    )
    .action(async (agentId: string, from: number, to: number, _options, command: Command) => {
      await runCommand(io, command, async (context) => {
        const [before, after] = await getVersionPair(await context.connection(), agentId, from, to);
        const diff = diffConfigs(before.config, after.config);
        const header = `${before.agentVersionId} → ${after.agentVersionId}`;
        output(
          context,
          { agentId, from, to, ...diff },
          {
            table: () => renderDiffText(diff, { header, color: context.io.isInteractive }),
            markdown: () => renderDiffMarkdown(diff, { header }),
          },
        );
      });
    });
}
