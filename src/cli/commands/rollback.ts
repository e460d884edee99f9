import type { Command } from 'commander';
import { diffConfigs, renderDiffText } from '../../diff/index.js';
import { AgentverError } from '../../errors/agentver-error.js';
import { ValidationError } from '../../errors/validation-error.js';
import { rollbackAgent } from '../../store/agent-writes.js';
import { getLatest, getVersion } from '../../store/read-versions.js';
import type { CliIo } from '../io.js';
import { output } from '../output.js';
import { integerOption, runCommand } from '../run-command.js';
import { describeWrite } from './describe-write.js';

/** The flags of `rollback`, as commander collects them. */
interface RollbackFlags {
  to: number;
  allowUnchanged?: boolean;
  yes?: boolean;
  message?: string;
  expectedVersion?: number;
  requestId?: string;
}

export function registerRollback(program: Command, io: CliIo): void {
  program
    .command('rollback')
    .description('Roll back: append a version that is an exact copy of an older one.')
    .argument('<agent>', 'agent id')
    .requiredOption('--to <version>', 'the version to copy', integerOption('--to', 1))
    .option('-y, --yes', 'do not ask for confirmation (needed when not on a terminal)')
    .option('-m, --message <text>', 'why (default: "rollback to version K")')
    .option(
      '--expected-version <n>',
      'fail with a conflict unless this is still the latest version',
      integerOption('--expected-version', 1),
    )
    .option('--allow-unchanged', 'record the rollback even if the target equals the latest config')
    .option('--request-id <id>', 'idempotency key: a retry with the same id returns the same version')
    .addHelpText(
      'after',
      [
        '',
        'On a terminal it shows the diff from the latest version to the target and asks to confirm.',
        '',
        'Examples:',
        '  agentver rollback support_triage --to 41',
        '  agentver rollback support_triage --to 41 --yes -m "resolution rate dropped in v42"',
      ].join('\n'),
    )
    .action(async (agentId: string, options: RollbackFlags, command: Command) => {
      await runCommand(io, command, async (context) => {
        const connection = await context.connection();
        // Pin the version we showed the user, so the rollback cannot replace a version they never saw.
        let expectedVersion = options.expectedVersion;
        if (!options.yes) {
          if (!io.isInteractive) {
            throw new ValidationError([{ field: '--yes', rule: 'is required when not on a terminal (nothing was written)' }], 'rollback');
          }
          const [latest, target] = await Promise.all([getLatest(connection, agentId), getVersion(connection, agentId, options.to)]);
          const diff = diffConfigs(latest.config, target.config);
          // Nothing to confirm when nothing would change: the write itself then says "no changes".
          if (!diff.isEmpty || options.allowUnchanged) {
            io.stderr(renderDiffText(diff, { header: `${latest.agentVersionId} → copy of ${target.agentVersionId}`, color: true }));
            if (!(await io.confirm(`Roll ${agentId} back to version ${options.to}?`))) {
              throw new AgentverError('no_changes', 'rollback cancelled: nothing was written');
            }
          }
          expectedVersion ??= latest.version;
        }
        const result = await rollbackAgent(connection, agentId, options.to, {
          author: context.author(),
          ...(options.message ? { message: options.message } : {}),
          ...(expectedVersion !== undefined ? { expectedVersion } : {}),
          ...(options.requestId ? { requestId: options.requestId } : {}),
          ...(options.allowUnchanged ? { allowUnchanged: true } : {}),
        });
        output(context, result, { table: () => describeWrite('rolled back:', result) });
      });
    });
}
