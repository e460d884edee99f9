import type { Command } from 'commander';
import { stringify } from 'yaml';
import { serializeConfig } from '../../config/serialize-config.js';
import { ValidationError } from '../../errors/validation-error.js';
import { getLatest, getVersion, getVersionAt } from '../../store/read-versions.js';
import type { VersionRecord } from '../../store/version-record.js';
import type { CliIo } from '../io.js';
import { output } from '../output.js';
import { integerOption, runCommand } from '../run-command.js';

export function describeVersion(record: VersionRecord): string {
  const lines = [
    `${record.agentVersionId}${record.isLatest ? ' (latest)' : ''}`,
    `author:  ${record.author}`,
    `created: ${record.createdAt}`,
    `message: ${record.changeMessage}`,
  ];
  if (record.rollbackTo !== null) lines.push(`rollback: copy of version ${record.rollbackTo}, replacing ${record.rollbackFrom}`);
  return lines.join('\n');
}

export function registerShow(program: Command, io: CliIo): void {
  program
    .command('show')
    .description('Print a version of an agent: the latest, a given one, or the one live at a time.')
    .argument('<agent>', 'agent id')
    .option('--version <n>', 'this version', integerOption('--version', 1))
    .option('--at <time>', 'the version live at this time (ISO-8601, e.g. 2026-11-20T09:00:00Z)')
    .addHelpText(
      'after',
      '\nExamples:\n  agentver show support_triage\n  agentver show support_triage --version 41 --format json\n  agentver show support_triage --at 2026-11-20T09:00:00Z',
    )
    .action(async (agentId: string, options: { version?: number; at?: string }, command: Command) => {
      await runCommand(io, command, async (context) => {
        if (options.version !== undefined && options.at !== undefined) {
          throw new ValidationError([{ field: '--at', rule: 'cannot be combined with --version' }], 'option');
        }
        const connection = await context.connection();
        const record =
          options.version !== undefined
            ? await getVersion(connection, agentId, options.version)
            : options.at !== undefined
              ? await getVersionAt(connection, agentId, options.at)
              : await getLatest(connection, agentId);
        output(context, record, {
          // the config as a file `create --file` and `plan` read back to the same config
          yaml: () => serializeConfig(record.config, 'yaml'),
          table: () => `${describeVersion(record)}\n\n${stringify(record.config, { lineWidth: 0 }).trimEnd()}`,
          markdown: () =>
            `# ${record.agentVersionId}\n\n${describeVersion(record).split('\n').slice(1).join('  \n')}\n\n\`\`\`yaml\n${stringify(record.config, { lineWidth: 0 }).trimEnd()}\n\`\`\``,
        });
      });
    });
}
