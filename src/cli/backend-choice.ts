import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import type { GlobalOptions } from './context.js';

/** Which backend a command will use, and the flag or environment variable that decided it. */
export type BackendChoice =
  | { kind: 'emulator'; host: string; projectId: string; from: string }
  | { kind: 'bigquery'; projectId: string; from: string }
  | { kind: 'embedded'; dataDir: string; dataDirFrom: string; from: string };

function first(candidates: Array<[string, string | undefined]>): { value: string; from: string } | undefined {
  const found = candidates.find(([, value]) => value);
  return found ? { value: found[1] as string, from: found[0] } : undefined;
}

/**
 * Resolution order, like bq and gcloud: flags, then environment. An emulator host wins over a
 * project (the project then names the emulator's project). Without either the tool runs
 * embedded: a local emulator with its store in the data folder, so it works with no cloud account.
 */
export function chooseBackend(options: GlobalOptions, env: NodeJS.ProcessEnv, cwd: string): BackendChoice {
  const project = first([
    ['--project', options.project],
    ['AGENTVER_PROJECT', env.AGENTVER_PROJECT],
    ['GOOGLE_CLOUD_PROJECT', env.GOOGLE_CLOUD_PROJECT],
    ['CLOUDSDK_CORE_PROJECT', env.CLOUDSDK_CORE_PROJECT],
  ]);
  const host = first([
    ['--emulator-host', options.emulatorHost],
    ['AGENTVER_EMULATOR_HOST', env.AGENTVER_EMULATOR_HOST],
    ['BIGQUERY_EMULATOR_HOST', env.BIGQUERY_EMULATOR_HOST],
  ]);
  if (host && !options.embedded) return { kind: 'emulator', host: host.value, projectId: project?.value ?? 'local', from: host.from };
  if (project && !options.embedded) return { kind: 'bigquery', projectId: project.value, from: project.from };
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
