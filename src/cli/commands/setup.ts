import type { Command } from 'commander';
import { resolveTarget, type Target } from '../../bigquery/resolve-target.js';
import { EMULATOR_VERSION, type EmulatorBinary, resolveEmulatorBinary } from '../../emulator/emulator-binary.js';
import type { CliIo } from '../io.js';
import { output } from '../output.js';
import { runCommand } from '../run-command.js';

const BACKENDS_HELP = `
Where commands run (flags, then environment; the first that is set wins):
  --emulator-host, AGENTVER_EMULATOR_HOST, BIGQUERY_EMULATOR_HOST   a running emulator
  --project, AGENTVER_PROJECT, GOOGLE_CLOUD_PROJECT, CLOUDSDK_CORE_PROJECT   real BigQuery
  none of them, or --embedded                                        the embedded emulator:
    a local bigquery-emulator ${EMULATOR_VERSION} shared by the commands on a data folder, data in --data-dir or
    AGENTVER_DATA_DIR (default ~/.agentver), its binary from AGENTVER_EMULATOR_BIN or built with
    Go on first use into ~/.cache/agentver (XDG_CACHE_HOME)

Examples:
  agentver setup                 # build the emulator if needed and check the embedded store
  agentver setup --format json
  agentver setup --embedded      # the same while a project is configured`;

function describeChoice(choice: Target): string {
  if (choice.kind === 'emulator') return `the emulator at ${choice.host} (from ${choice.from}), project ${choice.projectId}`;
  if (choice.kind === 'bigquery') return `BigQuery project ${choice.projectId} (from ${choice.from})`;
  return `the embedded emulator (${choice.from})`;
}

export function registerSetup(program: Command, io: CliIo): void {
  program
    .command('setup')
    .description('Get the backend ready and say which one commands use, and why: builds the embedded emulator if needed.')
    .addHelpText('after', BACKENDS_HELP)
    .action(async (_options, command: Command) => {
      await runCommand(io, command, async (context) => {
        const choice = resolveTarget(context.options, io.env, io.cwd);
        // Resolved (and built) here so the report can say where the binary came from; the
        // connection below then finds it in the cache.
        const binary: EmulatorBinary | undefined =
          choice.kind === 'embedded' ? await resolveEmulatorBinary({ env: io.env, log: io.stderr }) : undefined;
        const started = performance.now();
        const connection = await context.connection();
        // One request that needs working credentials (on BigQuery) and tells whether init has run.
        const [datasetExists] = await connection.bigquery.dataset(connection.datasetId).exists();
        const data = {
          backend: choice,
          emulatorBinary: binary && { ...binary, version: EMULATOR_VERSION },
          dataset: { projectId: connection.projectId, datasetId: connection.datasetId, exists: datasetExists },
          checkedMs: Math.round(performance.now() - started),
        };
        const dataset = `${connection.projectId}.${connection.datasetId}`;
        output(context, data, {
          table: () =>
            [
              `commands use ${describeChoice(choice)}`,
              ...(choice.kind === 'embedded'
                ? [
                    `  data folder  ${choice.dataDir} (${choice.dataDirFrom === 'default' ? 'default; --data-dir or AGENTVER_DATA_DIR to change' : `from ${choice.dataDirFrom}`})`,
                    `  emulator     ${binary?.path} (bigquery-emulator ${EMULATOR_VERSION}, ${binary?.source === 'built' ? 'built just now' : `from ${binary?.source === 'cache' ? 'the per-user cache' : binary?.source}`})`,
                    `  checked      started it and made the tables of dataset ${dataset} in ${data.checkedMs} ms`,
                  ]
                : [
                    `  dataset      ${dataset} ${datasetExists ? 'exists' : 'does not exist yet: run agentver init'}`,
                    '  embedded emulator not needed; agentver setup --embedded builds it',
                  ]),
            ].join('\n'),
        });
      });
    });
}
