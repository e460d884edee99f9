import type { Command } from 'commander';
import { formatMarkdownTable, formatTable } from '../../report/render/format-table.js';
import { listAgents } from '../../store/read-versions.js';
import type { CliIo } from '../io.js';
import { output } from '../output.js';
import { runCommand } from '../run-command.js';

const HEADERS = ['agent', 'latest', 'name', 'model', 'updated_at', 'updated_by'];

export function registerList(program: Command, io: CliIo): void {
  program
    .command('list')
    .description('List agents with their latest version.')
    .action(async (_options, command: Command) => {
      await runCommand(io, command, async (context) => {
        const agents = await listAgents(await context.connection());
        const rows = agents.map((a) => [a.agentId, a.latestVersion, a.name, a.model, a.updatedAt, a.updatedBy]);
        output(context, agents, {
          table: () => (rows.length ? formatTable(HEADERS, rows) : 'no agents yet: agentver create <agent> --file config.yaml'),
          markdown: () => formatMarkdownTable(HEADERS, rows),
        });
      });
    });
}
