import type { Command } from 'commander';
import { stringify } from 'yaml';
import { serializeConfig } from '../../config/serialize-config.js';
import { ValidationError } from '../../errors/validation-error.js';
import { getLabelConfig, type LabelConfig } from '../../releases/label-config.js';
import { checkReadableLabel } from '../../releases/label-name.js';
import { getLatest, getVersion, getVersionAt } from '../../store/read-versions.js';
import type { VersionRecord } from '../../store/version-record.js';
import type { CommandContext } from '../context.js';
import type { CliIo } from '../io.js';
import { describeRoutes } from '../label-move-options.js';
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

const configYaml = (record: VersionRecord) => stringify(record.config, { lineWidth: 0 }).trimEnd();

function describeLabel(served: LabelConfig): string {
  const when = served.at === null ? 'now' : `at ${served.at}`;
  const { release } = served;
  const state = release
    ? `release ${release.releaseNumber} (${release.kind}) by ${release.author} at ${release.createdAt}: ${release.changeMessage}`
    : 'built in: the newest version';
  return `label ${served.label} of ${served.agentId}, ${when}: ${describeRoutes(served)}\n${state}`;
}

function outputLabel(context: CommandContext, served: LabelConfig): void {
  const route = (r: LabelConfig['routes'][number]) => `${r.arm ?? 'serves'} ${r.percent}%: ${r.record.agentVersionId}`;
  output(context, served, {
    yaml: () => {
      const [only, other] = served.routes;
      if (!only || other) {
        throw new ValidationError(
          [
            {
              field: '--format',
              rule: `yaml prints one config and label ${served.label} is a canary; use --format json or show --version N`,
            },
          ],
          'option',
        );
      }
      return serializeConfig(only.record.config, 'yaml');
    },
    table: () =>
      [describeLabel(served), ...served.routes.map((r) => `\n# ${route(r)}\n${describeVersion(r.record)}\n\n${configYaml(r.record)}`)].join(
        '\n',
      ),
    markdown: () =>
      [
        `# ${served.label} of ${served.agentId}`,
        describeLabel(served).split('\n').join('  \n'),
        ...served.routes.map((r) => `## ${route(r)}\n\n\`\`\`yaml\n${configYaml(r.record)}\n\`\`\``),
      ].join('\n\n'),
  });
}

export function registerShow(program: Command, io: CliIo): void {
  program
    .command('show')
    .description('Print a version of an agent: the latest, a given one, or the one live at a time.')
    .argument('<agent>', 'agent id')
    .option('--version <n>', 'this version', integerOption('--version', 1))
    .option('--at <time>', 'the version live at this time (ISO-8601, e.g. 2026-11-20T09:00:00Z)')
    .option('--label <name>', 'what this label serves (with --at: served then), each arm of a canary with its share')
    .addHelpText(
      'after',
      '\nExamples:\n  agentver show support_triage\n  agentver show support_triage --version 41 --format json\n  agentver show support_triage --at 2026-11-20T09:00:00Z\n  agentver show support_triage --label production --at 2026-11-20T09:00:00Z',
    )
    .action(async (agentId: string, options: { version?: number; at?: string; label?: string }, command: Command) => {
      await runCommand(io, command, async (context) => {
        if (options.version !== undefined && (options.at !== undefined || options.label !== undefined)) {
          const field = options.label !== undefined ? '--label' : '--at';
          throw new ValidationError([{ field, rule: 'cannot be combined with --version' }], 'option');
        }
        const label = options.label === undefined ? undefined : checkReadableLabel(options.label, '--label');
        const connection = await context.connection();
        if (label !== undefined) {
          outputLabel(context, await getLabelConfig(connection, agentId, label, options.at === undefined ? {} : { at: options.at }));
          return;
        }
        const record =
          options.version !== undefined
            ? await getVersion(connection, agentId, options.version)
            : options.at !== undefined
              ? await getVersionAt(connection, agentId, options.at)
              : await getLatest(connection, agentId);
        output(context, record, {
          // the config as a file `create --file` and `plan` read back to the same config
          yaml: () => serializeConfig(record.config, 'yaml'),
          table: () => `${describeVersion(record)}\n\n${configYaml(record)}`,
          markdown: () =>
            `# ${record.agentVersionId}\n\n${describeVersion(record).split('\n').slice(1).join('  \n')}\n\n\`\`\`yaml\n${configYaml(record)}\n\`\`\``,
        });
      });
    });
}
