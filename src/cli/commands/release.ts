import type { Command } from 'commander';
import { releaseLabel } from '../../releases/release-label.js';
import type { CliIo } from '../io.js';
import { addLabelMoveOptions, describeRelease, type LabelMoveFlags, labelMoveOptions } from '../label-move-options.js';
import { output } from '../output.js';
import { integerOption, runCommand } from '../run-command.js';

export function registerRelease(program: Command, io: CliIo): void {
  addLabelMoveOptions(
    program
      .command('release')
      .description('Point a label (e.g. production) at one version for 100% of its traffic; ends any canary on it.')
      .argument('<agent>', 'agent id')
      .argument('<version>', 'the version the label serves', integerOption('<version>', 1)),
  )
    .addHelpText(
      'after',
      [
        '',
        'A label is a named pointer with its own history (agentver labels <agent> --history <label>).',
        'Every move is one BigQuery job, compare-and-swap on the release number it was based on:',
        'if someone moved the label meanwhile, nothing is written and the conflict names them (exit 1).',
        '',
        'Examples:',
        '  agentver release support_triage 41 --label production -m "known good"',
        '  agentver release support_triage 42 --label staging --expected-release 7 --format json',
      ].join('\n'),
    )
    .action(async (agentId: string, version: number, flags: LabelMoveFlags, command: Command) => {
      await runCommand(io, command, async (context) => {
        const result = await releaseLabel(await context.connection(), { ...labelMoveOptions(agentId, flags, context), version });
        output(context, result, { table: () => describeRelease(result) });
      });
    });
}
