import type { TelemetryTableSpec } from '../telemetry/telemetry-tables.js';

/**
 * notification_webhooks: where label moves and watch decisions are sent, configured once per
 * dataset so that every path that moves a label (CLI, web page, `watch --apply`, library) reads
 * the same list. The secret is never stored: a row names the environment variable that holds it
 * in the processes that send. A webhook is removed by setting removed_at; its row stays, so a
 * delivery row always names a webhook that can be looked up.
 */
export const NOTIFICATION_WEBHOOKS: TelemetryTableSpec = {
  table: 'notification_webhooks',
  description: 'one row per webhook that label moves and watch decisions are sent to (agentver notify)',
  comment: [
    'one row per webhook added with `agentver notify add` (an INSERT job); `notify remove` sets removed_at.',
    'The signing secret is not here: secret_env names the environment variable that holds it where notifications are sent.',
  ],
  columns: [
    { group: 'ids', name: 'webhook_id', type: 'STRING', required: true, description: "The webhook, e.g. 'wh_1a2b3c4d'." },
    {
      group: 'target',
      name: 'url',
      type: 'STRING',
      required: true,
      description: 'Where the POST goes: https (http only to 127.0.0.1, localhost or [::1]).',
    },
    {
      group: 'target',
      name: 'secret_env',
      type: 'STRING',
      required: true,
      description: 'The name of the environment variable holding the HMAC-SHA256 secret (never the secret itself).',
    },
    {
      group: 'target',
      name: 'payload_format',
      type: 'STRING',
      required: true,
      description: 'slack ({"text": …}) | json (the event as JSON).',
    },
    { group: 'target', name: 'events', type: { arrayOf: 'STRING' }, description: 'The events sent: label_move, watch_decision.' },
    { group: 'provenance', name: 'created_by', type: 'STRING', required: true, description: 'Who added it, as the caller claimed.' },
    {
      group: 'provenance',
      name: 'session_user',
      type: 'STRING',
      description: 'SESSION_USER() as BigQuery saw the insert ("dummy" on the emulator).',
    },
    {
      group: 'provenance',
      name: 'removed_by',
      type: 'STRING',
      description: 'Who removed it, as the caller claimed; NULL while it is active.',
    },
    { group: 'timestamps', name: 'created_at', type: 'TIMESTAMP', required: true, description: 'When it was added (server time).' },
    { group: 'timestamps', name: 'removed_at', type: 'TIMESTAMP', description: 'When it was removed; NULL while it is active.' },
  ],
  partitionBy: 'created_at',
  clusterBy: ['webhook_id'],
};
