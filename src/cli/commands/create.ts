import type { Command } from 'commander';
import { parseConfigDocument } from '../../config/config-document.js';
import { parseConfig } from '../../config/parse-config.js';
import { createAgent } from '../../store/agent-writes.js';
import type { CliIo } from '../io.js';
import { output } from '../output.js';
import { readInputFile } from '../read-config-file.js';
import { collect, runCommand } from '../run-command.js';
import { describeWrite } from './describe-write.js';

export function registerCreate(program: Command, io: CliIo): void {
  program
    .command('create')
    .description('Create an agent: its version 1, from a YAML or JSON config.')
    .argument('<agent>', 'agent id: lowercase letters, digits, _ and -')
    .requiredOption('-f, --file <path>', 'config file (YAML or JSON); - reads stdin')
    .option('-m, --message <text>', 'why', 'create')
    .option('--request-id <id>', 'idempotency key: a retry with the same id returns the same version')
    .option('--allow-secret <field>', 'a field path allowed to hold a credential, recorded in the change message; repeatable', collect)
    .addHelpText(
      'after',
      '\nExamples:\n  agentver create support_triage --file triage.yaml -m "first version"\n  cat triage.json | agentver create support_triage --file -',
    )
    .action(
      async (agentId: string, options: { file: string; message: string; requestId?: string; allowSecret?: string[] }, command: Command) => {
        await runCommand(io, command, async (context) => {
          const config = parseConfig(parseConfigDocument(await readInputFile(io, options.file, '--file'), '--file'));
          const result = await createAgent(await context.connection(), agentId, config, {
            author: context.author(),
            message: options.message,
            ...(options.requestId ? { requestId: options.requestId } : {}),
            ...(options.allowSecret ? { allowSecrets: options.allowSecret } : {}),
          });
          output(context, result, { table: () => describeWrite('created', result) });
        });
      },
    );
}
