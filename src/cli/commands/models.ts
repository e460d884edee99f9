import type { Command } from 'commander';
import { ensureDataset } from '../../bigquery/ensure-dataset.js';
import { resolveProject } from '../../bigquery/resolve-target.js';
import { runDataform } from '../../dataform/run-dataform.js';
import { buildScheduleConfig } from '../../dataform/schedule-config.js';
import { AgentverError } from '../../errors/agentver-error.js';
import { ValidationError } from '../../errors/validation-error.js';
import type { CliIo } from '../io.js';
import { output } from '../output.js';
import { runCommand } from '../run-command.js';

export function registerModels(program: Command, io: CliIo): void {
  const models = program
    .command('models')
    .description('Build and schedule the Dataform models (definitions/) that turn telemetry into per-version metrics.');

  models
    .command('run')
    .description('Run `dataform run` against the configured project, or the embedded emulator.')
    .option('--full-refresh', 'rebuild incremental models from scratch')
    .option('--actions <names>', 'only these actions, comma-separated (with their dependencies)')
    .option('--lookback-days <n>', 'days of late data incremental models re-read (default: 3)')
    .addHelpText('after', '\nExamples:\n  agentver models run\n  agentver models run --full-refresh --project my-proj')
    .action(async (options: { fullRefresh?: boolean; actions?: string; lookbackDays?: string }, command: Command) => {
      await runCommand(io, command, async (context) => {
        if (options.lookbackDays !== undefined && !/^\d+$/.test(options.lookbackDays)) {
          throw new ValidationError(
            [{ field: '--lookback-days', rule: `must be a whole number of days, got "${options.lookbackDays}"` }],
            'option',
          );
        }
        const raw = await context.connection();
        const marts = await context.modelsConnection();
        const assertionDataset = `${raw.datasetId}_assertions`;
        for (const datasetId of [marts.datasetId, assertionDataset]) await ensureDataset(raw, datasetId);
        const result = await runDataform({
          projectId: raw.projectId,
          ...(raw.location ? { location: raw.location } : {}),
          dataset: marts.datasetId,
          rawDataset: raw.datasetId,
          assertionDataset,
          ...(raw.emulatorHost ? { emulatorHost: raw.emulatorHost } : {}),
          ...(options.fullRefresh ? { fullRefresh: true } : {}),
          ...(options.actions ? { actions: options.actions.split(',').map((a) => a.trim()), includeDependencies: true } : {}),
          ...(options.lookbackDays ? { vars: { lookback_days: options.lookbackDays } } : {}),
          ...(context.format === 'table' && io.isInteractive ? { onOutput: (line: string) => io.stderr(line) } : {}),
        });
        output(context, result, { table: () => result.output.trimEnd() });
        if (!result.ok) {
          throw new AgentverError(
            'backend',
            `dataform run failed${result.failedActions.length ? `: ${result.failedActions.join(', ')}` : ''}`,
          );
        }
      });
    });

  models
    .command('schedule')
    .description('Print (or --apply) the Dataform release and workflow configurations that run the models on a schedule in GCP.')
    .requiredOption('--cron <expr>', 'when to run, in cron syntax, e.g. "0 * * * *"')
    .requiredOption('--repository <id>', 'the Dataform repository in GCP that holds this project')
    .option('--region <region>', 'region of the Dataform repository', 'us-central1')
    .option('--time-zone <tz>', 'IANA time zone of the schedule (default: UTC)')
    .option('--git-commitish <ref>', 'branch, tag or commit to compile (default: main)')
    .option('--service-account <email>', 'service account the workflow runs as')
    .option('--apply', 'create both configurations through the Dataform API')
    .addHelpText(
      'after',
      '\nSchedule `agentver watch` a little after this cron (a Cloud Run job or cron recipe: docs/watch.md).\n\nExamples:\n  agentver models schedule --project my-proj --repository agentver --cron "15 * * * *"\n  agentver models schedule --project my-proj --repository agentver --cron "0 6 * * *" --time-zone Europe/Paris --apply',
    )
    .action(
      async (
        options: {
          cron: string;
          repository: string;
          region: string;
          timeZone?: string;
          gitCommitish?: string;
          serviceAccount?: string;
          apply?: boolean;
        },
        command: Command,
      ) => {
        await runCommand(io, command, async (context) => {
          const projectId = resolveProject(context.options, io.env)?.value;
          if (!projectId)
            throw new ValidationError([{ field: '--project', rule: 'is required: schedules run in a GCP project' }], 'option');
          const dataset = context.options.dataset;
          let config: ReturnType<typeof buildScheduleConfig>;
          try {
            config = buildScheduleConfig({
              projectId,
              location: options.region,
              repository: options.repository,
              cron: options.cron,
              ...(options.timeZone ? { timeZone: options.timeZone } : {}),
              ...(options.gitCommitish ? { gitCommitish: options.gitCommitish } : {}),
              ...(options.serviceAccount ? { serviceAccount: options.serviceAccount } : {}),
              defaultDatabase: projectId,
              defaultSchema: context.options.modelsDataset ?? `${dataset}_models`,
              assertionSchema: `${dataset}_assertions`,
              ...(context.options.location ? { defaultLocation: context.options.location } : {}),
              vars: { raw_dataset: dataset },
            });
          } catch (error) {
            throw new ValidationError([{ field: 'schedule', rule: (error as Error).message }], 'option');
          }
          if (options.apply) {
            const { applyScheduleConfig } = await import('../../dataform/apply-schedule-config.js');
            await applyScheduleConfig(config);
          }
          output(
            context,
            { ...config, applied: Boolean(options.apply) },
            {
              table: () =>
                [
                  JSON.stringify({ releaseConfig: config.releaseConfig, workflowConfig: config.workflowConfig }, null, 2),
                  '',
                  options.apply
                    ? `created ${config.releaseConfig.name} and ${config.workflowConfig.name}`
                    : `Not applied. Create them with --apply, or POST them to https://dataform.googleapis.com/v1beta1/${config.parent}/releaseConfigs and …/workflowConfigs.`,
                ].join('\n'),
            },
          );
        });
      },
    );
}
