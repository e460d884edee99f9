import { Command, CommanderError, Option } from 'commander';
import { toAgentverError } from '../errors/to-agentver-error.js';
import { registerApply } from './commands/apply.js';
import { registerBlame } from './commands/blame.js';
import { registerCanary } from './commands/canary.js';
import { registerCompare } from './commands/compare.js';
import { registerCreate } from './commands/create.js';
import { registerDiff } from './commands/diff.js';
import { registerEdit } from './commands/edit.js';
import { registerExport } from './commands/export.js';
import { registerHistory } from './commands/history.js';
import { registerIngest } from './commands/ingest.js';
import { registerInit } from './commands/init.js';
import { registerLabels } from './commands/labels.js';
import { registerList } from './commands/list.js';
import { registerModels } from './commands/models.js';
import { registerNotify } from './commands/notify.js';
import { registerPlan } from './commands/plan.js';
import { registerPromote } from './commands/promote.js';
import { registerRelease } from './commands/release.js';
import { registerReport } from './commands/report.js';
import { registerRollback } from './commands/rollback.js';
import { registerScan } from './commands/scan.js';
import { registerSchema } from './commands/schema.js';
import { registerSetup } from './commands/setup.js';
import { registerShow } from './commands/show.js';
import { registerUi } from './commands/ui.js';
import { registerWatch } from './commands/watch.js';
import { ExitStatus } from './exit-status.js';
import type { CliIo } from './io.js';

const EXIT_CODES_HELP = `
Exit codes:
  0  ok
  1  conflict, no changes, not found, already exists (nothing was written; a label move
     with nothing to do: promote without a canary, rollback --label with nothing earlier);
     compare --fail-on-worse: the candidate is worse; models run: an assertion failed;
     scan: a stored version holds a credential
  2  bad input: an invalid option, file or config, or a credential in a config (nothing was written)
  3  BigQuery or the emulator failed (or an internal error: a bug, never your input)
  4  plan --detailed-exitcode: changes are pending; watch: a promote or rollback awaits
     (not applied) or a canary is inconclusive
  5  watch: a canary's split is broken (sample-ratio mismatch)

Where it runs (like bq and gcloud: flags, then environment):
  --project / AGENTVER_PROJECT / GOOGLE_CLOUD_PROJECT   real BigQuery
  --emulator-host / BIGQUERY_EMULATOR_HOST              a running emulator
  neither (or --embedded)                               a local emulator started for the
                                                        command, data in --data-dir (~/.agentver)`;

// Global options are accepted before or after the command name (`agentver --format json list`
// and `agentver list --format json`), so each command carries them too. They have no commander
// defaults, or a command's default would override the value given before it; defaults live in
// the zod schema (context.ts) and in the help text.
function addGlobalOptions(command: Command): Command {
  return command
    .option('--project <id>', 'GCP project (default: AGENTVER_PROJECT, GOOGLE_CLOUD_PROJECT)')
    .option('--dataset <name>', 'BigQuery dataset (default: agentver)')
    .option('--location <loc>', 'BigQuery location, e.g. US or EU')
    .addOption(
      new Option('--format <format>', 'output format (default: table; html for compare and report, yaml for show)').choices([
        'table',
        'json',
        'markdown',
        'html',
        'yaml',
      ]),
    )
    .option('--emulator-host <url>', 'use a running BigQuery emulator, e.g. http://localhost:9050')
    .option('--embedded', 'use the embedded local emulator even if a project is configured')
    .option('--data-dir <path>', 'data folder of the embedded emulator (default: AGENTVER_DATA_DIR or ~/.agentver)')
    .option('--author <who>', 'author of writes (default: AGENTVER_AUTHOR, git user.email, $USER)')
    .option('--models-dataset <name>', 'dataset of the Dataform models (default: <dataset>_models)');
}

export function createProgram(io: CliIo): Command {
  const program = addGlobalOptions(
    new Command('agentver')
      .description('Version AI agent configs in BigQuery: append-only versions, diffs, one-command rollback.')
      .version('0.1.0')
      .enablePositionalOptions(),
  )
    .addHelpText('after', EXIT_CODES_HELP)
    .showHelpAfterError('(run with --help for usage)');

  for (const register of [
    registerInit,
    registerList,
    registerCreate,
    registerEdit,
    registerShow,
    registerHistory,
    registerDiff,
    registerRollback,
    registerBlame,
    registerRelease,
    registerCanary,
    registerPromote,
    registerLabels,
    registerWatch,
    registerNotify,
    registerIngest,
    registerModels,
    registerCompare,
    registerReport,
    registerPlan,
    registerApply,
    registerExport,
    registerScan,
    registerSchema,
    registerSetup,
    registerUi,
  ]) {
    register(program, io);
  }
  const configure = (command: Command) => {
    if (command !== program) addGlobalOptions(command);
    command.exitOverride().configureOutput({ writeOut: (text) => io.stdout(text), writeErr: (text) => io.stderr(text) });
    command.commands.forEach(configure);
  };
  configure(program);
  return program;
}

function wantsJson(argv: readonly string[]): boolean {
  const index = argv.findIndex((arg) => arg === '--format' || arg.startsWith('--format='));
  if (index < 0) return false;
  return argv[index] === '--format=json' || argv[index + 1] === 'json';
}

/**
 * Runs the CLI in-process and returns its exit code; only bin/main calls process.exit.
 * @example
 * await runCli(['history', 'support_triage', '--format', 'json'], processIo());
 */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  const program = createProgram(io);
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return 0;
  } catch (error) {
    if (error instanceof CommanderError) {
      // Help and version end with code 0; everything else commander rejects is bad input.
      if (error.exitCode === 0 || error.code === 'commander.helpDisplayed' || error.code === 'commander.version') return 0;
      if (wantsJson(argv)) io.stdout(JSON.stringify({ error: { code: 'invalid_input', message: error.message } }, null, 2));
      return 2;
    }
    if (error instanceof ExitStatus) return error.exitCode;
    const failure = toAgentverError(error);
    if (wantsJson(argv)) io.stdout(JSON.stringify(failure.toJSON(), null, 2));
    else io.stderr(`error: ${failure.message}${failure.hint ? `\nhint: ${failure.hint}` : ''}`);
    return failure.exitCode;
  }
}
