import type { Connection } from '../bigquery/connection.js';
import { runQuery } from '../bigquery/run-query.js';
import { backendFailure } from '../errors/backend-failure.js';
import { notificationSettings } from './notification-settings.js';
import { toWebhook, WEBHOOK_COLUMNS, type Webhook } from './webhook-record.js';

interface Cached {
  at: number;
  webhooks: Promise<Webhook[] | null>;
}

const cache = new Map<string, Cached>();
/** Datasets already told (once per process) that they have no notifications table. */
const hinted = new Set<string>();

const keyOf = (connection: Connection) => `${connection.emulatorHost ?? 'bigquery'}|${connection.projectId}|${connection.datasetId}`;

async function read(connection: Connection): Promise<Webhook[] | null> {
  try {
    const { rows } = await runQuery(
      connection,
      `SELECT ${WEBHOOK_COLUMNS} FROM {{dataset}}.notification_webhooks WHERE removed_at IS NULL ORDER BY created_at, webhook_id`,
    );
    return rows.map(toWebhook);
  } catch (error) {
    if (backendFailure(error).kind !== 'not_initialised') throw error;
    const key = keyOf(connection);
    if (!hinted.has(key)) {
      hinted.add(key);
      notificationSettings().warn(
        `hint: no notifications: dataset ${connection.projectId}.${connection.datasetId} has no notification_webhooks table yet; run agentver init to add it (docs/notifications.md)`,
      );
    }
    return null;
  }
}

/**
 * The dataset's active webhooks (one small query), reused for `cacheTtlMs` within a process so
 * that a burst of moves reads them once (a failed read and a missing table are not kept); null when the dataset predates notifications (no table:
 * a one-line hint, once per process). Other read failures throw.
 * @example
 * await activeWebhooks(conn);
 * // SELECT webhook_id, url, … FROM {{dataset}}.notification_webhooks WHERE removed_at IS NULL …
 * // [{ webhookId: 'wh_1a2b3c4d', url: 'https://hooks.example.com/agentver', payloadFormat: 'json', events: ['label_move', 'watch_decision'], … }]
 */
export async function activeWebhooks(connection: Connection): Promise<Webhook[] | null> {
  const key = keyOf(connection);
  const hit = cache.get(key);
  if (hit && Date.now() - hit.at < notificationSettings().cacheTtlMs) return hit.webhooks;
  const entry: Cached = { at: Date.now(), webhooks: read(connection) };
  cache.set(key, entry);
  // A failed read, or a dataset without the table (init may add it any time), is not kept.
  const forget = () => {
    if (cache.get(key) === entry) cache.delete(key);
  };
  entry.webhooks.then((webhooks) => webhooks === null && forget(), forget);
  return entry.webhooks;
}

/** Forgets the cached list of a dataset (after `notify add` or `remove` in this process). */
export function forgetActiveWebhooks(connection: Connection): void {
  cache.delete(keyOf(connection));
}
