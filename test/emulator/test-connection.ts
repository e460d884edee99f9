import { randomUUID } from 'node:crypto';
import { type Connection, connect } from 'agentver';
import { fileEmulator } from './file-emulator.js';

/** A connection to the test file's emulator with a fresh dataset of its own (never ai, ml, obj or mysql). */
export async function createTestConnection(label: string): Promise<Connection> {
  const datasetId = `t_${label.replace(/[^A-Za-z0-9_]/g, '_')}_${randomUUID().slice(0, 8)}`;
  const { host, projectId } = await fileEmulator();
  const connection = connect({ projectId, datasetId, emulatorHost: host });
  await connection.bigquery.createDataset(datasetId);
  return connection;
}
