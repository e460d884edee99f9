import type { Command } from 'commander';
import { planAgents } from '../../plan/plan-agents.js';
import { renderPlan } from '../../plan/render-plan.js';
import { ExitStatus } from '../exit-status.js';
import type { CliIo } from '../io.js';
import { output } from '../output.js';
import { collect, runCommand } from '../run-command.js';

/** Exit code of `plan --detailed-exitcode` when something would be written (terraform's convention). */
export const CHANGES_PENDING = 4;

export function registerPlan(program: Command, io: CliIo): void {
  program
    .command('plan')
    .description('Compare a folder of config files with BigQuery: what apply would create or update, and what drifted.')
    .argument('<paths...>', 'folders of <agent>.yaml|.yml|.json files (one level) or single files')
    .option('--detailed-exitcode', `exit 0 when in sync, ${CHANGES_PENDING} when changes are pending (2 stays bad input)`)
    .option('--allow-secret <field>', 'a field path allowed to hold a credential (as scan names it); repeatable', collect)
    .addHelpText(
      'after',
      [
        '',
        'The agent id is the file name without its extension; an agent_id: key in the file must agree.',
        'Agents in BigQuery without a file are listed as "not in files" and never touched.',
        '',
        'Examples:',
        '  agentver plan agents/',
        '  agentver plan agents/ --format markdown > plan.md      # for a pull-request comment',
        '  agentver plan agents/ --format json > plan.json        # apply it exactly: apply --plan-file plan.json',
        '  agentver plan agents/ --detailed-exitcode             # CI: 0 in sync, 4 changes pending',
      ].join('\n'),
    )
    .action(async (paths: string[], options: { detailedExitcode?: boolean; allowSecret?: string[] }, command: Command) => {
      await runCommand(io, command, async (context) => {
        const plan = await planAgents(await context.connection(), paths, {
          cwd: io.cwd,
          ...(options.allowSecret ? { allowSecrets: options.allowSecret } : {}),
        });
        output(context, plan, {
          table: () => renderPlan(plan, 'table', { color: io.isInteractive }),
          markdown: () => renderPlan(plan, 'markdown'),
        });
        if (options.detailedExitcode && plan.summary.create + plan.summary.update > 0) throw new ExitStatus(CHANGES_PENDING);
      });
    });
}
