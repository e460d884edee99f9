import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stageDataformProject } from './dataform-project.js';
import { execDataform } from './exec-dataform.js';
import { dataformJobIds, forgetDataformJobs } from './forget-dataform-jobs.js';
import { type DataformTarget, projectConfigArgs } from './project-config-args.js';

export interface RunDataformOptions extends DataformTarget {
  /** The Dataform project (workflow_settings.yaml, definitions/); defaults to agentver's own. */
  projectDir?: string;
  /** `http://host:port` of a BigQuery emulator; its datasets must exist already (CREATE SCHEMA is a no-op there). */
  emulatorHost?: string;
  /** Rebuild incremental tables from scratch. */
  fullRefresh?: boolean;
  /** Run only these actions (names or patterns, e.g. 'run_facts'). */
  actions?: string[];
  /** With `actions`, also run what they depend on. */
  includeDependencies?: boolean;
  /** Each line the CLI prints, as it prints it. */
  onOutput?: (line: string) => void;
}

export interface RunDataformResult {
  /** Every action ran and every assertion passed (and, with `actions`, at least one action matched). */
  ok: boolean;
  exitCode: number;
  /** What the CLI printed (stdout and stderr), without colour codes. */
  output: string;
  durationMs: number;
  /** Targets (`dataset.name`) of the tables, assertions and operations that failed. */
  failedActions: string[];
}

const FAILED = /^(?:Dataset creation|Assertion|Operation) failed:\s+(\S+)/;

/**
 * Builds the staging views and marts with `dataform run`, on BigQuery or on the emulator.
 *
 * Credentials: the CLI reads a `.df-credentials.json` with `projectId` and `location`; without a
 * `credentials` key it uses Application Default Credentials. This writes one into a staged copy of
 * the project (see stageDataformProject). With `emulatorHost`, the child gets
 * BIGQUERY_EMULATOR_HOST (which @google-cloud/bigquery honours) and METADATA_SERVER_DETECTION=none
 * (so google-auth-library does not probe for a GCE metadata server); no Google account is needed,
 * and the jobs the run made are deleted from the emulator after it (forgetDataformJobs).
 *
 * @example
 * const result = await runDataform({ projectId: 'my-project', dataset: 'agentver_models', rawDataset: 'agentver' });
 * // spawns: dataform run <staged> --credentials=<staged>/.df-credentials.json --default-database=my-project
 * //   --default-schema=agentver_models --vars=raw_dataset=agentver
 */
export async function runDataform(options: RunDataformOptions): Promise<RunDataformResult> {
  const project = stageDataformProject(options.projectDir);
  try {
    const credentials = join(project.dir, '.df-credentials.json');
    writeFileSync(credentials, JSON.stringify({ projectId: options.projectId, location: options.location ?? 'US' }));
    const args = ['run', project.dir, `--credentials=${credentials}`, ...projectConfigArgs(options)];
    if (options.fullRefresh) args.push('--full-refresh');
    if (options.actions?.length) args.push(`--actions=${options.actions.join(',')}`);
    if (options.includeDependencies) args.push('--include-deps');
    const env: NodeJS.ProcessEnv = { ...process.env };
    if (options.emulatorHost) {
      env.BIGQUERY_EMULATOR_HOST = options.emulatorHost;
      env.METADATA_SERVER_DETECTION = 'none';
    }
    const before = options.emulatorHost ? await dataformJobIds(options.projectId, options.emulatorHost) : null;
    const result = await execDataform(args, { env, onOutput: options.onOutput });
    if (before && options.emulatorHost) await forgetDataformJobs(options.projectId, options.emulatorHost, before);
    const failedActions = result.output
      .split('\n')
      .map((line) => FAILED.exec(line.trim())?.[1])
      .filter((target): target is string => target !== undefined);
    // A selection that matched nothing is a mistake, not a success.
    const ranNothing = Boolean(options.actions?.length) && /^No actions to run\./m.test(result.output);
    return {
      ok: result.exitCode === 0 && failedActions.length === 0 && !ranNothing,
      exitCode: result.exitCode,
      output: result.output,
      durationMs: result.durationMs,
      failedActions,
    };
  } finally {
    project.cleanup();
  }
}
