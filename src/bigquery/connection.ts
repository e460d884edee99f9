import type { BigQuery } from '@google-cloud/bigquery';
import { type BigQueryTarget, createBigQuery } from './create-bigquery.js';

/** Where agentver's tables live: a client plus the dataset every unqualified table name resolves to. */
export interface Connection {
  readonly bigquery: BigQuery;
  readonly projectId: string;
  readonly datasetId: string;
  readonly location: string | undefined;
  /** The emulator's host when this connection talks to one. */
  readonly emulatorHost: string | undefined;
}

export interface ConnectOptions extends BigQueryTarget {
  datasetId: string;
}

const DATASET_ID = /^[A-Za-z0-9_]{1,1024}$/;
// v0.7.0–v0.8.1 of the emulator crash on these dataset names (they collide with reserved prefixes).
const EMULATOR_RESERVED = new Set(['ai', 'ml', 'obj', 'mysql']);

export function connect(options: ConnectOptions): Connection {
  if (!DATASET_ID.test(options.datasetId)) {
    throw new TypeError(`dataset "${options.datasetId}" must use only letters, digits and underscores`);
  }
  if (options.emulatorHost && EMULATOR_RESERVED.has(options.datasetId.toLowerCase())) {
    throw new TypeError(`dataset "${options.datasetId}" crashes the BigQuery emulator; pick another name`);
  }
  return {
    bigquery: createBigQuery(options),
    projectId: options.projectId,
    datasetId: options.datasetId,
    location: options.location,
    emulatorHost: options.emulatorHost,
  };
}
