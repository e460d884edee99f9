import type { Command } from 'commander';
import { promoteLabel } from '../../releases/promote-label.js';
import type { CliIo } from '../io.js';
import { addLabelMoveOptions, describeRelease, type LabelMoveFlags, labelMoveOptions } from '../label-move-options.js';
import { output } from '../output.js';
import { runCommand } from '../run-command.js';

export function registerPromote(program: Command, io: CliIo): void {
  addLabelMoveOptions(
    program
      .command('promote')
      .description("End a label's canary in favour of its candidate: the candidate serves 100%.")
      .argument('<agent>', 'agent id'),
  )
    .addHelpText(
      'after',
      [
        '',
        'Exit 1 with nothing written when no canary runs on the label.',
        '`agentver watch --apply` promotes for you when the canary wins on its primary metric.',
        '',
        'Examples:',
        '  agentver promote support_triage --label production',
        '  agentver promote support_triage --label production --expected-release 5 -m "v42 wins on resolution"',
      ].join('\n'),
    )
    .action(async (agentId: string, flags: LabelMoveFlags, command: Command) => {
      await runCommand(io, command, async (context) => {
        const result = await promoteLabel(await context.connection(), labelMoveOptions(agentId, flags, context));
        output(context, result, { table: () => describeRelease(result) });
      });
    });
}
