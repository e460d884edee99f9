import type { BigQuery } from '@google-cloud/bigquery';

/**
 * Deletes finished jobs from the BigQuery emulator. The emulator keeps every job with its result
 * rows and re-reads all of them on every request, so each request slows with the jobs it holds
 * (a trivial query: 16 ms on a fresh emulator, 1,264 ms once it holds 1,000 jobs; bench/RESULTS.md,
 * "The emulator re-reads every job"). BigQuery keeps its own job history; call this on the
 * emulator only. Best effort: a job that cannot be deleted only costs time later.
 *
 * @example
 * await forgetEmulatorJobs(bigquery, [response.jobReference.jobId]);
 * // DELETE /projects/<project>/jobs/<id>/delete, one request a job
 */
export async function forgetEmulatorJobs(bigquery: BigQuery, jobIds: readonly string[]): Promise<void> {
  for (const id of jobIds) {
    await new Promise<void>((resolve) => {
      bigquery.request({ method: 'DELETE', uri: `/jobs/${encodeURIComponent(id)}/delete` }, () => resolve());
    });
  }
}

/** The ids of the emulator's jobs that start with `prefix`, e.g. the jobs of one `dataform run --job-prefix`. */
export async function emulatorJobIds(bigquery: BigQuery, prefix: string): Promise<string[]> {
  const [jobs] = await bigquery.getJobs({ allUsers: true, autoPaginate: true });
  return jobs.map((job) => job.id ?? '').filter((id) => id.startsWith(prefix));
}
