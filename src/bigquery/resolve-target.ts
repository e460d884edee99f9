import { homedir } from 'node:os';
import { join, resolve } from 'node:path';

/** Where a command runs, decided in one place for the CLI, the demo and the web page. */
export type Target =
  | { kind: 'bigquery'; projectId: string; location: string | undefined; source: string }
  | { kind: 'emulator'; host: string; projectId: string; location: string | undefined; source: string }
  | { kind: 'embedded'; dataDir: string; source: string };

export interface TargetOptions {
  project?: string | undefined;
  emulatorHost?: string | undefined;
  location?: string | undefined;
  dataDir?: string | undefined;
  /** Use the embedded emulator even when a project or emulator is configured. */
  embedded?: boolean | undefined;
}

/** The project a command would use, like bq and gcloud: the flag, then the environment. */
export function resolveProject(
  options: Pick<TargetOptions, 'project'>,
  env: NodeJS.ProcessEnv,
): { projectId: string; source: string } | undefined {
  if (options.project) return { projectId: options.project, source: '--project' };
  for (const name of ['AGENTVER_PROJECT', 'GOOGLE_CLOUD_PROJECT', 'CLOUDSDK_CORE_PROJECT'] as const) {
    const value = env[name];
    if (value) return { projectId: value, source: name };
  }
  return undefined;
}

/**
 * Resolution order, like bq and gcloud: flags, then environment. An emulator host wins over a
 * project (the emulator then uses that project id); without either the tool runs embedded: a
 * local emulator with its data in the data folder, so it works with no cloud account.
 * @example
 * resolveTarget({}, { GOOGLE_CLOUD_PROJECT: 'p' }, '/work') // { kind: 'bigquery', projectId: 'p', source: 'GOOGLE_CLOUD_PROJECT', … }
 */
export function resolveTarget(options: TargetOptions, env: NodeJS.ProcessEnv, cwd: string): Target {
  const project = resolveProject(options, env);
  const host = options.emulatorHost
    ? { host: options.emulatorHost, source: '--emulator-host' }
    : env.AGENTVER_EMULATOR_HOST
      ? { host: env.AGENTVER_EMULATOR_HOST, source: 'AGENTVER_EMULATOR_HOST' }
      : env.BIGQUERY_EMULATOR_HOST
        ? { host: env.BIGQUERY_EMULATOR_HOST, source: 'BIGQUERY_EMULATOR_HOST' }
        : undefined;
  const location = options.location ?? env.AGENTVER_LOCATION;
  if (!options.embedded && host)
    return { kind: 'emulator', host: host.host, projectId: project?.projectId ?? 'local', location, source: host.source };
  if (!options.embedded && project) return { kind: 'bigquery', projectId: project.projectId, location, source: project.source };
  const [dataDir, source] = options.dataDir
    ? [options.dataDir, '--data-dir']
    : env.AGENTVER_DATA_DIR
      ? [env.AGENTVER_DATA_DIR, 'AGENTVER_DATA_DIR']
      : [join(homedir(), '.agentver'), options.embedded ? '--embedded' : 'default (no project or emulator configured)'];
  return { kind: 'embedded', dataDir: resolve(cwd, dataDir), source };
}
