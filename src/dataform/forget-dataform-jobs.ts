import { createBigQuery } from '../bigquery/create-bigquery.js';
import { forgetEmulatorJobs } from '../bigquery/forget-emulator-jobs.js';

// The Dataform CLI names its BigQuery jobs dataform-<uuid>.
const DATAFORM_JOB = /^dataform-/;

/** The ids of the emulator's jobs that the Dataform CLI made; empty when it cannot list them. */
export async function dataformJobIds(projectId: string, emulatorHost: string): Promise<Set<string>> {
  try {
    const [jobs] = await createBigQuery({ projectId, emulatorHost }).getJobs({ allUsers: true });
    return new Set(jobs.map((job) => job.id ?? '').filter((id) => DATAFORM_JOB.test(id)));
  } catch {
    return new Set();
  }
}

/**
 * Deletes from the emulator the jobs a Dataform run made (those named dataform-… that were not
 * there before it): the emulator re-reads every job it holds on every request, so without this
 * each `models run` on a long-lived emulator leaves about 75 jobs and every later request slows
 * (bench/RESULTS.md, "The emulator re-reads every job it holds"; a demo's fourth build took 5.6×
 * its first). Best effort, emulator only: BigQuery keeps its own job history.
 * @example
 * const before = await dataformJobIds('local', host);
 * await execDataform(…);
 * await forgetDataformJobs('local', host, before);
 */
export async function forgetDataformJobs(projectId: string, emulatorHost: string, before: ReadonlySet<string>): Promise<void> {
  const after = await dataformJobIds(projectId, emulatorHost);
  const made = [...after].filter((id) => !before.has(id));
  await forgetEmulatorJobs(createBigQuery({ projectId, emulatorHost }), made);
}
