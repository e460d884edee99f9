import type { Command } from 'commander';
import { editChange } from '../../config/config-change.js';
import { parseConfigDocument } from '../../config/config-document.js';
import { editAgent } from '../../store/agent-writes.js';
import type { CliIo } from '../io.js';
import { output } from '../output.js';
import { readInputFile } from '../read-config-file.js';
import { collect, integerOption, runCommand } from '../run-command.js';
import { describeWrite } from './describe-write.js';

/** The flags of `edit`, as commander collects them. */
interface EditFlags {
  file?: string;
  set?: string[];
  unset?: string[];
  addTool?: string[];
  removeTool?: string[];
  promptFile?: string;
  message: string;
  expectedVersion?: number;
  allowUnchanged?: boolean;
  requestId?: string;
  allowSecret?: string[];
}

export function registerEdit(program: Command, io: CliIo): void {
  program
    .command('edit')
    .description('Write a new version: change some fields (a patch) or replace the whole config.')
    .argument('<agent>', 'agent id')
    .requiredOption('-m, --message <text>', 'why (required, like a commit message)')
    .option('--set <field=value>', 'set a field; repeatable (budgets.max_cost_usd_per_task=0.5, policy_overrides.pii=redact)', collect)
    .option('--unset <field>', 'clear an optional field or remove a map key; repeatable', collect)
    .option('--add-tool <name>', 'add a tool; repeatable', collect)
    .option('--remove-tool <name>', 'remove a tool; repeatable', collect)
    .option('--prompt-file <path>', 'new system prompt from a file (- for stdin)')
    .option('-f, --file <path>', 'replace the whole config with this YAML/JSON file (- for stdin)')
    .option(
      '--expected-version <n>',
      'fail with a conflict (exit 1) unless this is still the latest version',
      integerOption('--expected-version', 1),
    )
    .option('--allow-unchanged', 'record a version even if the config does not change')
    .option('--request-id <id>', 'idempotency key: a retry with the same id returns the same version')
    .option('--allow-secret <field>', 'a field path allowed to hold a credential, recorded in the change message; repeatable', collect)
    .addHelpText(
      'after',
      [
        '',
        'A patch applies to the latest version (or --expected-version) and is guarded by it:',
        'if someone else wrote a version in between, nothing is written and the exit code is 1.',
        '',
        'Examples:',
        '  agentver edit support_triage --set temperature=0.6 --add-tool send_email -m "warmer, can email"',
        '  agentver edit support_triage --prompt-file prompt.txt -m "shorter prompt" --expected-version 41',
        '  agentver edit support_triage --file triage.yaml -m "sync from repo"',
      ].join('\n'),
    )
    .action(async (agentId: string, options: EditFlags, command: Command) => {
      await runCommand(io, command, async (context) => {
        const change = editChange({
          ...(options.file ? { document: parseConfigDocument(await readInputFile(io, options.file, '--file'), '--file') } : {}),
          ...(options.promptFile ? { systemPrompt: await readInputFile(io, options.promptFile, '--prompt-file') } : {}),
          set: options.set ?? [],
          unset: options.unset ?? [],
          addTools: options.addTool ?? [],
          removeTools: options.removeTool ?? [],
        });
        const result = await editAgent(await context.connection(), agentId, change, {
          author: context.author(),
          message: options.message,
          ...(options.expectedVersion !== undefined ? { expectedVersion: options.expectedVersion } : {}),
          ...(options.allowUnchanged ? { allowUnchanged: true } : {}),
          ...(options.requestId ? { requestId: options.requestId } : {}),
          ...(options.allowSecret ? { allowSecrets: options.allowSecret } : {}),
        });
        output(context, result, { table: () => describeWrite('wrote', result) });
      });
    });
}
