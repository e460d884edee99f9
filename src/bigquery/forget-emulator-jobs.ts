import type { BigQuery } from '@google-cloud/bigquery';

function request<T>(bigquery: BigQuery, options: { method: string; uri: string }): Promise<T | undefined> {
  return new Promise((resolve) => {
    bigquery.request(options, (error: Error | null, response: unknown) => resolve(error ? undefined : (response as T)));
  });
}

/**
 * Deletes finished jobs from the BigQuery emulator. The emulator keeps every job with its result
 * rows and re-reads all of them on every request, so each request slows with the jobs it holds
 * (a trivial query: 16 ms on a fresh emulator, 1,264 ms once it holds 1,000 jobs; bench/RESULTS.md,
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

/** The ids of the emulator's jobs now; jobs.list there has no filter and no pages. */
export async function emulatorJobIds(bigquery: BigQuery): Promise<Set<string>> {
  const list = await request<{ jobs?: Array<{ jobReference?: { jobId?: string } }> }>(bigquery, { method: 'GET', uri: '/jobs' });
  return new Set((list?.jobs ?? []).flatMap((job) => job.jobReference?.jobId ?? []));
}

/**
 * Of `jobIds`, those whose job carries the label `key=value`. Labels tell one process's jobs from
 * another's that started meanwhile (the emulator's jobs.list omits them, so each job is read).
 */
export async function emulatorJobsLabelled(bigquery: BigQuery, jobIds: Iterable<string>, key: string, value: string): Promise<string[]> {
  const labelled: string[] = [];
  for (const id of jobIds) {
    const job = await request<{ configuration?: { labels?: Record<string, string> } }>(bigquery, {
      method: 'GET',
      uri: `/jobs/${encodeURIComponent(id)}`,
    });
    if (job?.configuration?.labels?.[key] === value) labelled.push(id);
  }
  return labelled;
}
