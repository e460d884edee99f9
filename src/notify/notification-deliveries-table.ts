import type { TelemetryTableSpec } from '../telemetry/telemetry-tables.js';

/**
 * notification_deliveries: the outcome of every notification, one row per webhook and event
 * (the whole series of attempts, retries included), all rows of one event written by one INSERT
 * job once they have ended. Append-only, like release_decisions.
 */
export const NOTIFICATION_DELIVERIES: TelemetryTableSpec = {
  table: 'notification_deliveries',
  description: 'one row per notification sent to a webhook: the event, HTTP status, attempts, error',
  comment: [
    'one row per webhook and event (a label move, a watch decision that needs a person, a test):',
    'the series of attempts with its retries, written once it ended (all rows of an event: one INSERT job).',
    'Append-only: a delivery is never updated.',
  ],
  columns: [
    {
      group: 'ids',
      name: 'delivery_id',
      type: 'STRING',
      required: true,
      description: 'The series: the X-Agentver-Delivery header of each attempt.',
    },
    { group: 'ids', name: 'webhook_id', type: 'STRING', required: true, description: 'The webhook (notification_webhooks).' },
    { group: 'ids', name: 'event', type: 'STRING', required: true, description: 'label_move | watch_decision | test.' },
    {
      group: 'ids',
      name: 'event_id',
      type: 'STRING',
      required: true,
      description: "The event: a move's request id, '<watch request id>:<agent>:<label>' for a decision.",
    },
    { group: 'ids', name: 'agent_id', type: 'STRING', description: 'The agent (NULL for a test).' },
    { group: 'ids', name: 'label', type: 'STRING', description: 'The label (NULL for a test).' },
    { group: 'ids', name: 'release_number', type: 'INT64', description: 'The release the move wrote, or the one the decision evaluated.' },
    { group: 'outcome', name: 'is_delivered', type: 'BOOL', required: true, description: 'TRUE when an attempt got a 2xx answer.' },
    { group: 'outcome', name: 'http_status', type: 'INT64', description: "The last attempt's HTTP status; NULL when it got no answer." },
    {
      group: 'outcome',
      name: 'n_attempts',
      type: 'INT64',
      required: true,
      description: 'POSTs made (0: nothing sent, e.g. the secret was not set).',
    },
    { group: 'outcome', name: 'error', type: 'STRING', description: 'Why it was not delivered; NULL when it was.' },
    {
      group: 'timestamps',
      name: 'started_at',
      type: 'TIMESTAMP',
      required: true,
      description: 'When the first attempt began (client time).',
    },
    {
      group: 'timestamps',
      name: 'finished_at',
      type: 'TIMESTAMP',
      required: true,
      description: 'When the last attempt ended (client time).',
    },
    { group: 'timestamps', name: 'recorded_at', type: 'TIMESTAMP', required: true, description: 'When the row was written (server time).' },
  ],
  partitionBy: 'started_at',
  clusterBy: ['webhook_id', 'event'],
};
