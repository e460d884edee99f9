import type { BigQuery } from '@google-cloud/bigquery';
import { ValidationError } from '../errors/validation-error.js';
import { type BigQueryTarget, createBigQuery } from './create-bigquery.js';
import { DATASET_ID, DATASET_RULE } from './identifiers.js';

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

// v0.7.0–v0.8.1 of the emulator crash on these dataset names (they collide with reserved prefixes).
const EMULATOR_RESERVED = new Set(['ai', 'ml', 'obj', 'mysql']);

export function connect(options: ConnectOptions): Connection {
  if (!DATASET_ID.test(options.datasetId)) {
    throw new ValidationError([{ field: 'datasetId', rule: `${DATASET_RULE}, got "${options.datasetId}"` }], 'connection');
  }
  if (options.emulatorHost && EMULATOR_RESERVED.has(options.datasetId.toLowerCase())) {
    throw new ValidationError(
      [{ field: 'datasetId', rule: `"${options.datasetId}" crashes the BigQuery emulator; pick another name` }],
      'connection',
    );
  }
  return {
    bigquery: createBigQuery(options),
    projectId: options.projectId,
    datasetId: options.datasetId,
    location: options.location,
    emulatorHost: options.emulatorHost,
  };
}
