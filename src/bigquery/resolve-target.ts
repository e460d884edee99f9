import { homedir } from 'node:os';
import { join, resolve } from 'node:path';

/** Where a command runs, and the flag or environment variable that decided it. */
export type Target =
  | { kind: 'emulator'; host: string; projectId: string; location: string | undefined; from: string }
  | { kind: 'bigquery'; projectId: string; location: string | undefined; from: string }
  | { kind: 'embedded'; dataDir: string; dataDirFrom: string; from: string };

export interface TargetOptions {
  project?: string | undefined;
  emulatorHost?: string | undefined;
  location?: string | undefined;
  dataDir?: string | undefined;
  /** Use the embedded emulator even when a project or emulator is configured. */
  embedded?: boolean | undefined;
}

function first(candidates: Array<[string, string | undefined]>): { value: string; from: string } | undefined {
  const found = candidates.find(([, value]) => value);
  return found ? { value: found[1] as string, from: found[0] } : undefined;
}

/**
 * The project a command would use, like bq and gcloud: the flag, then the environment.
 * @example
 * resolveProject({}, { GOOGLE_CLOUD_PROJECT: 'p' }) // { value: 'p', from: 'GOOGLE_CLOUD_PROJECT' }
 */
export function resolveProject(
  options: Pick<TargetOptions, 'project'>,
  env: NodeJS.ProcessEnv,
): { value: string; from: string } | undefined {
  return first([
    ['--project', options.project],
    ['AGENTVER_PROJECT', env.AGENTVER_PROJECT],
    ['GOOGLE_CLOUD_PROJECT', env.GOOGLE_CLOUD_PROJECT],
    ['CLOUDSDK_CORE_PROJECT', env.CLOUDSDK_CORE_PROJECT],
  ]);
}

/**
 * The one place that decides where a command runs (CLI, demo, web page). Resolution order, like
 * bq and gcloud: flags, then environment. An emulator host wins over a project (the project then
 * names the emulator's project). Without either the tool runs embedded: a local emulator with its
 * store in the data folder, so it works with no cloud account.
 * @example
 * resolveTarget({}, { GOOGLE_CLOUD_PROJECT: 'p' }, '/work') // { kind: 'bigquery', projectId: 'p', from: 'GOOGLE_CLOUD_PROJECT', … }
 */
export function resolveTarget(options: TargetOptions, env: NodeJS.ProcessEnv, cwd: string): Target {
  const project = resolveProject(options, env);
  const host = first([
    ['--emulator-host', options.emulatorHost],
    ['AGENTVER_EMULATOR_HOST', env.AGENTVER_EMULATOR_HOST],
    ['BIGQUERY_EMULATOR_HOST', env.BIGQUERY_EMULATOR_HOST],
  ]);
  const location = options.location ?? env.AGENTVER_LOCATION;
  if (host && !options.embedded) {
    return { kind: 'emulator', host: host.value, projectId: project?.value ?? 'local', location, from: host.from };
  }
  if (project && !options.embedded) return { kind: 'bigquery', projectId: project.value, location, from: project.from };
  const dataDir = first([
    ['--data-dir', options.dataDir],
    ['AGENTVER_DATA_DIR', env.AGENTVER_DATA_DIR],
  ]);
  return {
    kind: 'embedded',
    dataDir: resolve(cwd, dataDir?.value ?? join(homedir(), '.agentver')),
    dataDirFrom: dataDir?.from ?? 'default',
    from: options.embedded ? '--embedded' : 'no --project, --emulator-host or their environment variables',
  };
}
