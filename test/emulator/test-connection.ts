import { randomUUID } from 'node:crypto';
import { type Connection, connect } from 'agentver';
import { inject } from 'vitest';

/** A connection to the run's shared emulator with a fresh dataset of its own (never ai, ml, obj or mysql). */
export async function createTestConnection(label: string): Promise<Connection> {
  const datasetId = `t_${label.replace(/[^A-Za-z0-9_]/g, '_')}_${randomUUID().slice(0, 8)}`;
  const connection = connect({ projectId: inject('emulatorProjectId'), datasetId, emulatorHost: inject('emulatorHost') });
  await connection.bigquery.createDataset(datasetId);
  return connection;
}
