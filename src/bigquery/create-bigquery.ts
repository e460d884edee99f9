import { BigQuery } from '@google-cloud/bigquery';
import { PassThroughClient } from 'google-auth-library';

export interface BigQueryTarget {
  projectId: string;
  /** BigQuery location for jobs and datasets, e.g. `US` or `EU`. */
  location?: string;
  /** `http://host:port` of an emulator; when set, no Google credentials are used. */
  emulatorHost?: string;
}

/** A BigQuery client for a project, or for the emulator at `emulatorHost`. */
export function createBigQuery(target: BigQueryTarget): BigQuery {
  if (target.emulatorHost) {
    return new BigQuery({
      projectId: target.projectId,
      location: target.location,
      apiEndpoint: target.emulatorHost,
      // No credentials on the emulator, and no search for Application Default Credentials.
      authClient: new PassThroughClient(),
    });
  }
  return new BigQuery({ projectId: target.projectId, location: target.location });
}
