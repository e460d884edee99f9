import type { Command } from 'commander';
import { parseSetValue } from '../../config/apply-patch.js';
import { parseConfigDocument } from '../../config/config-document.js';
import { ValidationError } from '../../errors/validation-error.js';
import { type ConfigChange, editAgent } from '../../store/agent-writes.js';
import type { CliIo } from '../io.js';
import { output } from '../output.js';
import { readInputFile } from '../read-config-file.js';
import { collect, integerOption, runCommand } from '../run-command.js';
import { describeWrite } from './describe-write.js';

interface EditOptions {
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
}

async function changeFrom(io: CliIo, options: EditOptions): Promise<ConfigChange> {
  const patching = Boolean(
    options.set?.length || options.unset?.length || options.addTool?.length || options.removeTool?.length || options.promptFile,
  );
  if (options.file && patching) {
    throw new ValidationError(
      [
        {
          field: '--file',
          rule: 'replaces the whole config, so it cannot be combined with --set, --unset, --add-tool, --remove-tool or --prompt-file',
        },
      ],
      'edit',
    );
  }
  if (options.file) return { config: parseConfigDocument(await readInputFile(io, options.file, '--file'), '--file') as never };
  if (!patching) {
    throw new ValidationError(
      [{ field: 'edit', rule: 'says nothing to change: give --set, --unset, --add-tool, --remove-tool, --prompt-file or --file' }],
      'edit',
    );
  }
  const set: Record<string, unknown> = {};
  for (const assignment of options.set ?? []) {
    const equals = assignment.indexOf('=');
    if (equals <= 0) throw new ValidationError([{ field: '--set', rule: `must look like field=value, got "${assignment}"` }], 'edit');
    const path = assignment.slice(0, equals).trim();
    set[path] = parseSetValue(path, assignment.slice(equals + 1));
  }
  return {
    patch: {
      set,
      unset: options.unset ?? [],
      addTools: options.addTool ?? [],
      removeTools: options.removeTool ?? [],
      ...(options.promptFile ? { systemPrompt: await readInputFile(io, options.promptFile, '--prompt-file') } : {}),
    },
  };
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
    .action(async (agentId: string, options: EditOptions, command: Command) => {
      await runCommand(io, command, async (context) => {
        const change = await changeFrom(io, options);
        const result = await editAgent(await context.connection(), agentId, change, {
          author: context.author(),
          message: options.message,
          ...(options.expectedVersion !== undefined ? { expectedVersion: options.expectedVersion } : {}),
          ...(options.allowUnchanged ? { allowUnchanged: true } : {}),
          ...(options.requestId ? { requestId: options.requestId } : {}),
        });
        output(context, result, { table: () => describeWrite('wrote', result) });
      });
    });
}
