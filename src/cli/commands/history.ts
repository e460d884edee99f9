import type { Command } from 'commander';
import { formatMarkdownTable, formatTable } from '../../report/render/format-table.js';
import { listHistory } from '../../store/read-versions.js';
import type { VersionSummary } from '../../store/version-record.js';
import type { CliIo } from '../io.js';
import { output } from '../output.js';
import { integerOption, runCommand } from '../run-command.js';

const HEADERS = ['version', 'latest', 'created_at', 'author', 'rollback', 'message'];
const toRow = (v: VersionSummary) => [
  v.version,
  v.isLatest ? '*' : '',
  v.createdAt,
  v.author,
  v.rollbackTo === null ? '' : `to ${v.rollbackTo} (from ${v.rollbackFrom})`,
  v.changeMessage,
];

export function registerHistory(program: Command, io: CliIo): void {
  program
    .command('history')
    .description('List the versions of an agent, newest first.')
    .argument('<agent>', 'agent id')
    .option('-n, --limit <n>', 'at most this many versions (default: all)', integerOption('--limit', 1))
    .addHelpText('after', '\nExamples:\n  agentver history support_triage -n 20\n  agentver history support_triage --format json')
    .action(async (agentId: string, options: { limit?: number }, command: Command) => {
      await runCommand(io, command, async (context) => {
        const versions = await listHistory(await context.connection(), agentId, options.limit ? { limit: options.limit } : {});
        output(context, versions, {
          table: () => formatTable(HEADERS, versions.map(toRow)),
          markdown: () => formatMarkdownTable(HEADERS, versions.map(toRow)),
        });
      });
    });
}
