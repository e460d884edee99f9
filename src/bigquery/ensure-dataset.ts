import type { Connection } from './connection.js';

/**
 * Creates a dataset of the connection's project if it does not exist, in the connection's
 * location; says whether it did. Through the datasets API, because the emulator treats CREATE
 * SCHEMA as a no-op.
 * @example
 * await ensureDataset(conn, 'agentver_models') // true when it was created
 */
export async function ensureDataset(connection: Connection, datasetId: string = connection.datasetId): Promise<boolean> {
  const dataset = connection.bigquery.dataset(datasetId, { location: connection.location });
  if ((await dataset.exists())[0]) return false;
  await dataset.create({ location: connection.location });
  return true;
}
