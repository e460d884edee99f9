import type { Command } from 'commander';
import { AGENTVER_TABLES, initStore } from '../../store/init-store.js';
import type { CliIo } from '../io.js';
import { output } from '../output.js';
import { runCommand } from '../run-command.js';

export function registerInit(program: Command, io: CliIo): void {
  program
    .command('init')
    .description('Create the dataset and agentver tables if missing, and add the columns a newer agentver declares (safe to rerun).')
    .addHelpText(
      'after',
      '\nExamples:\n  agentver init --project my-proj --dataset agentver --location EU\n  agentver init            # embedded local emulator',
    )
    .action(async (_options, command: Command) => {
      await runCommand(io, command, async (context) => {
        const connection = await context.connection();
        const result = await initStore(connection, AGENTVER_TABLES);
        const data = { ...result, projectId: connection.projectId, datasetId: connection.datasetId, backend: context.backend() };
        output(context, data, {
          table: () =>
            [
              `dataset ${connection.projectId}.${connection.datasetId} ${result.datasetCreated ? 'created' : 'exists'}`,
              ...AGENTVER_TABLES.map((table) => `table ${table} ${result.tablesCreated.includes(table) ? 'created' : 'exists'}`),
              ...result.columnsAdded.map((added) => `column ${added.table}.${added.column} added (${added.type}, nullable)`),
            ].join('\n'),
        });
      });
    });
}
