import type { Connection } from '../bigquery/connection.js';
import { param } from '../bigquery/query-parameters.js';
import { runQuery } from '../bigquery/run-query.js';
import type { DeliveryRecord } from './delivery-record.js';

/** The columns written, each read from a row's JSON text by name and cast to its type. */
const COLUMNS: ReadonlyArray<[string, keyof DeliveryRecord, string]> = [
  ['delivery_id', 'deliveryId', 'STRING'],
  ['webhook_id', 'webhookId', 'STRING'],
  ['event', 'event', 'STRING'],
  ['event_id', 'eventId', 'STRING'],
  ['agent_id', 'agentId', 'STRING'],
  ['label', 'label', 'STRING'],
  ['release_number', 'releaseNumber', 'INT64'],
  ['is_delivered', 'delivered', 'BOOL'],
  ['http_status', 'httpStatus', 'INT64'],
  ['n_attempts', 'attempts', 'INT64'],
  ['error', 'error', 'STRING'],
  ['started_at', 'startedAt', 'TIMESTAMP'],
  ['finished_at', 'finishedAt', 'TIMESTAMP'],
];

/**
 * Appends the deliveries of one event (or one watch run) to notification_deliveries in one job:
 * the rows travel as one ARRAY<STRING> parameter of JSON objects, unpacked with JSON_VALUE, as
 * release_decisions' rows are; every value is a parameter. No rows, no job.
 * @example
 * await recordDeliveries(conn, [{ deliveryId: '…', webhookId: 'wh_1a2b3c4d', event: 'label_move', attempts: 3, delivered: true, … }]);
 * // INSERT INTO {{dataset}}.notification_deliveries (delivery_id, …, recorded_at)
 * // SELECT JSON_VALUE(row, '$.deliveryId'), …, CURRENT_TIMESTAMP() FROM UNNEST(@rows) AS row
 */
export async function recordDeliveries(connection: Connection, deliveries: readonly DeliveryRecord[]): Promise<void> {
  if (deliveries.length === 0) return;
  const values = COLUMNS.map(([, key, type]) =>
    type === 'STRING' ? `JSON_VALUE(row, '$.${key}')` : `CAST(JSON_VALUE(row, '$.${key}') AS ${type})`,
  );
  await runQuery(
    connection,
    `INSERT INTO {{dataset}}.notification_deliveries (${COLUMNS.map(([name]) => name).join(', ')}, recorded_at)
     SELECT ${values.join(', ')}, CURRENT_TIMESTAMP()
     FROM UNNEST(@rows) AS row`,
    { rows: param.stringArray(deliveries.map((delivery) => JSON.stringify(delivery))) },
  );
}
