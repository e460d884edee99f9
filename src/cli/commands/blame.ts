import type { Command } from 'commander';
import { formatMarkdownTable, formatTable } from '../../report/render/format-table.js';
import { blameAgent } from '../../store/blame-agent.js';
import type { CliIo } from '../io.js';
import { output } from '../output.js';
import { runCommand } from '../run-command.js';

const HEADERS = ['field', 'version', 'author', 'created_at', 'message'];

export function registerBlame(program: Command, io: CliIo): void {
  program
    .command('blame')
    .description("For each config field, the version, author and time of its last change; with a field, that field's every change.")
    .argument('<agent>', 'agent id')
    .argument('[field]', 'one field, e.g. system_prompt or tools')
    .addHelpText('after', '\nExamples:\n  agentver blame support_triage\n  agentver blame support_triage temperature')
    .action(async (agentId: string, field: string | undefined, _options, command: Command) => {
      await runCommand(io, command, async (context) => {
        const changes = await blameAgent(await context.connection(), agentId, field);
        const rows = changes.map((c) => [
          c.field,
          c.version,
          c.author,
          c.createdAt,
          c.rollbackTo === null ? c.changeMessage : `${c.changeMessage} (rollback to ${c.rollbackTo})`,
        ]);
        output(context, changes, { table: () => formatTable(HEADERS, rows), markdown: () => formatMarkdownTable(HEADERS, rows) });
      });
    });
}
