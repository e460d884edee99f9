import type { Command } from 'commander';
import { diffConfigs, renderDiffText } from '../../diff/index.js';
import { AgentverError } from '../../errors/agentver-error.js';
import { ValidationError } from '../../errors/validation-error.js';
import { rollbackLabel } from '../../releases/rollback-label.js';
import { rollbackAgent } from '../../store/agent-writes.js';
import { getLatest, getVersion } from '../../store/read-versions.js';
import type { CliIo } from '../io.js';
import { describeRelease, labelMoveOptions, labelOption } from '../label-move-options.js';
import { output } from '../output.js';
import { integerOption, runCommand } from '../run-command.js';
import { describeWrite } from './describe-write.js';

/** The flags of `rollback`, as commander collects them. */
interface RollbackFlags {
  to?: number;
  label?: string;
  expectedRelease?: number;
  allowUnchanged?: boolean;
  yes?: boolean;
  message?: string;
  expectedVersion?: number;
  requestId?: string;
}

// Flags of one kind of rollback that mean nothing to the other.
const VERSION_ONLY = ['expectedVersion', 'allowUnchanged'] as const;

function wrongFlag(options: RollbackFlags, keys: readonly (keyof RollbackFlags)[]): string | undefined {
  const key = keys.find((k) => options[k] !== undefined);
  return key === undefined ? undefined : `--${key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
}

export function registerRollback(program: Command, io: CliIo): void {
  program
    .command('rollback')
    .description('Roll back: append a version that is an exact copy of an older one (--to), or move a label back (--label).')
    .argument('<agent>', 'agent id')
    .option('--to <version>', 'the version to copy', integerOption('--to', 1))
    .option('--label <name>', 'move this label back to the last version it served at 100% before its current state', labelOption)
    .option(
      '--expected-release <n>',
      'with --label: fail with a conflict unless the label is still at this release number',
      integerOption('--expected-release', 1),
    )
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
        'Give exactly one of --to and --label.',
        '',
        '--to K writes version N+1, a copy of K, so `latest` and every reader of the newest version',
        'get K. On a terminal it shows the diff from the latest version to the target and asks to confirm.',
        '',
        '--label L writes no version: the label serves again, at 100%, the last version it served fully',
        "before its current state (a canary's baseline; after a promote, the version before). One job,",
        'no confirmation (undo it with agentver release). Exit 1 when there is nothing to roll back to.',
        '',
        'Examples:',
        '  agentver rollback support_triage --label production',
        '  agentver rollback support_triage --to 41',
        '  agentver rollback support_triage --to 41 --yes -m "resolution rate dropped in v42"',
      ].join('\n'),
    )
    .action(async (agentId: string, options: RollbackFlags, command: Command) => {
      await runCommand(io, command, async (context) => {
        if ((options.to === undefined) === (options.label === undefined)) {
          throw new ValidationError([{ field: '--to', rule: 'give exactly one of --to <version> and --label <name>' }], 'option');
        }
        const misplaced = options.label !== undefined ? wrongFlag(options, VERSION_ONLY) : wrongFlag(options, ['expectedRelease']);
        if (misplaced) {
          throw new ValidationError(
            [{ field: misplaced, rule: `cannot be combined with ${options.label !== undefined ? '--label' : '--to'}` }],
            'option',
          );
        }
        const connection = await context.connection();
        if (options.label !== undefined) {
          const result = await rollbackLabel(connection, labelMoveOptions(agentId, { ...options, label: options.label }, context));
          output(context, result, { table: () => describeRelease(result) });
          return;
        }
        const to = options.to as number;
        // Pin the version we showed the user, so the rollback cannot replace a version they never saw.
        let expectedVersion = options.expectedVersion;
        if (!options.yes) {
          if (!io.isInteractive) {
            throw new ValidationError([{ field: '--yes', rule: 'is required when not on a terminal (nothing was written)' }], 'rollback');
          }
          const [latest, target] = await Promise.all([getLatest(connection, agentId), getVersion(connection, agentId, to)]);
          const diff = diffConfigs(latest.config, target.config);
          // Nothing to confirm when nothing would change: the write itself then says "no changes".
          if (!diff.isEmpty || options.allowUnchanged) {
            io.stderr(renderDiffText(diff, { header: `${latest.agentVersionId} → copy of ${target.agentVersionId}`, color: true }));
            if (!(await io.confirm(`Roll ${agentId} back to version ${to}?`))) {
              throw new AgentverError('no_changes', 'rollback cancelled: nothing was written');
            }
          }
          expectedVersion ??= latest.version;
        }
        const result = await rollbackAgent(connection, agentId, to, {
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
