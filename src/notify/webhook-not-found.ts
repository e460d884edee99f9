import type { Connection } from '../bigquery/connection.js';
import { AgentverError } from '../errors/agentver-error.js';

/**
 * The not_found error (exit 1) of a webhook id that names no webhook of the dataset, or one removed.
 * @example
 * webhookNotFound(conn, 'wh_1a2b3c4d').message; // 'webhook wh_1a2b3c4d does not exist in dataset p.agentver'
 */
export function webhookNotFound(connection: Connection, webhookId: string, removedAt: string | null = null): AgentverError {
  const what = removedAt ? `was removed at ${removedAt}` : `does not exist in dataset ${connection.projectId}.${connection.datasetId}`;
  return new AgentverError('not_found', `webhook ${webhookId} ${what}`, {
    hint: 'List the webhooks with agentver notify list --all',
    details: { webhookId },
  });
}
