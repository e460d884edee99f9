import type { Command } from 'commander';
import { parseConfigDocument } from '../../config/config-document.js';
import { AgentverError } from '../../errors/agentver-error.js';
import { ValidationError } from '../../errors/validation-error.js';
import { type ApplyResult, applyPlan } from '../../plan/apply-plan.js';
import { planAgents } from '../../plan/plan-agents.js';
import { readPlanFile } from '../../plan/read-plan-file.js';
import { renderPlan } from '../../plan/render-plan.js';
import { alignColumns } from '../../text/align-columns.js';
import type { CliIo } from '../io.js';
import { output } from '../output.js';
import { readInputFile } from '../read-config-file.js';
import { collect, runCommand } from '../run-command.js';

interface ApplyFlags {
  message?: string;
  yes?: boolean;
  planFile?: string;
  allowSecret?: string[];
}

/** The change message: the given one (or "apply"), with the commit CI built when there is one. */
function changeMessage(flags: ApplyFlags, env: NodeJS.ProcessEnv): string {
  const message = flags.message ?? 'apply config files';
  return env.GITHUB_SHA ? `${message} (commit ${env.GITHUB_SHA.slice(0, 12)})` : message;
}

function renderApplied(result: ApplyResult): string {
  if (result.agents.length === 0) return 'in sync: nothing to apply';
  const rows = result.agents.map((agent) => [
    agent.agent_id,
    agent.action,
    agent.outcome,
    agent.version === null ? '-' : `v${agent.version}`,
    agent.error?.message ?? '',
  ]);
  const { written, replayed, conflict, failed } = result.summary;
  return `${alignColumns([['agent', 'action', 'outcome', 'version', ''], ...rows]).join('\n')}\n\n${written} written, ${replayed} already applied, ${conflict} conflict, ${failed} failed`;
}

export function registerApply(program: Command, io: CliIo): void {
  program
    .command('apply')
    .description('Write the planned versions: one job per agent, each guarded by the version its plan saw.')
    .argument('[paths...]', 'folders or files, as for plan (or --plan-file)')
    .option('-m, --message <text>', 'change message of every version written (default: "apply config files")')
    .option('-y, --yes', 'do not ask for confirmation (needed when not on a terminal)')
    .option('--plan-file <path>', 'apply exactly this saved plan (plan --format json); refused if BigQuery moved since')
    .option('--allow-secret <field>', 'a field path allowed to hold a credential, recorded in the change message; repeatable', collect)
    .addHelpText(
      'after',
      [
        '',
        'A concurrent change in BigQuery makes that agent a conflict (nothing overwritten, exit 1);',
        'the others are still applied. Applying the same files again writes nothing: each request id',
        'comes from agent, base version and content. The author is --author, AGENTVER_AUTHOR or',
        'GITHUB_ACTOR; GITHUB_SHA is added to the message.',
        '',
        'Examples:',
        '  agentver apply agents/ -m "sync from main" --yes',
        '  agentver apply --plan-file plan.json --yes',
      ].join('\n'),
    )
    .action(async (paths: string[], flags: ApplyFlags, command: Command) => {
      await runCommand(io, command, async (context) => {
        if (paths.length > 0 === (flags.planFile !== undefined)) {
          throw new ValidationError([{ field: '<paths>', rule: 'give config folders or files, or --plan-file, not both' }], 'apply');
        }
        if (!flags.yes && !io.isInteractive) {
          throw new ValidationError([{ field: '--yes', rule: 'is required when not on a terminal (nothing was written)' }], 'apply');
        }
        const saved = flags.planFile
          ? readPlanFile(parseConfigDocument(await readInputFile(io, flags.planFile, '--plan-file'), '--plan-file'), '--plan-file')
          : undefined;
        const connection = await context.connection();
        const allowSecrets = flags.allowSecret ? { allowSecrets: flags.allowSecret } : {};
        const plan = saved ?? (await planAgents(connection, paths, { cwd: io.cwd, ...allowSecrets }));
        if (!flags.yes) {
          io.stderr(renderPlan(plan, 'table', { color: true }));
          if (!(await io.confirm('Apply this plan?'))) throw new AgentverError('no_changes', 'apply cancelled: nothing was written');
        }
        const result = await applyPlan(connection, plan, {
          author: context.author(),
          message: changeMessage(flags, io.env),
          exact: saved !== undefined,
          ...allowSecrets,
        });
        const refused = result.summary.conflict + result.summary.failed;
        // With --format json a refusal prints one document: the error, carrying the result.
        if (refused === 0 || context.format !== 'json') output(context, result, { table: () => renderApplied(result) });
        if (refused > 0) {
          throw new AgentverError(
            'conflict',
            `${refused} of ${result.agents.length} agents were not applied: BigQuery moved since the plan`,
            {
              hint: 'Run agentver plan again to see what changed, then apply.',
              details: { result },
            },
          );
        }
      });
    });
}
