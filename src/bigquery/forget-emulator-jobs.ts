import type { BigQuery } from '@google-cloud/bigquery';

function request<T>(bigquery: BigQuery, options: { method: string; uri: string }): Promise<T | undefined> {
  return new Promise((resolve) => {
    bigquery.request(options, (error: Error | null, response: unknown) => resolve(error ? undefined : (response as T)));
  });
}

/**
 * Deletes finished jobs from the BigQuery emulator. The emulator keeps every job with its result
 * rows and re-reads all of them on every request, so each request slows with the jobs it holds
 * (a trivial query: 26 ms on a fresh emulator, 305 ms once it holds 500 jobs; bench/RESULTS.md,
 * "The emulator re-reads every job it holds"). BigQuery keeps its own job history; call this on
 * the emulator only. Best effort: a job that cannot be deleted only costs time later.
 *
 * @example
 * await forgetEmulatorJobs(bigquery, [response.jobReference.jobId]);
 * // DELETE /projects/<project>/jobs/<id>/delete, one request a job
 */
export async function forgetEmulatorJobs(bigquery: BigQuery, jobIds: readonly string[]): Promise<void> {
  for (const id of jobIds) await request(bigquery, { method: 'DELETE', uri: `/jobs/${encodeURIComponent(id)}/delete` });
}
