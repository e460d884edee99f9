import type { Connection } from '../bigquery/connection.js';
import { param } from '../bigquery/query-parameters.js';
import { runQuery } from '../bigquery/run-query.js';
import { NotFoundError } from '../errors/not-found-error.js';

/** The agent's newest version number, 0 when the agent does not exist. */
export async function latestVersionNumber(connection: Connection, agentId: string): Promise<number> {
  const { rows } = await runQuery<{ latest: number | null }>(
    connection,
    'SELECT MAX(version) AS latest FROM {{dataset}}.agent_configs WHERE agent_id = @agent_id AND version > 0',
    { agent_id: param.string(agentId) },
  );
  return rows[0]?.latest ?? 0;
}

/**
 * The refusal for a label that was never set (or not yet at `at`). Only on that path does it read
 * whether the agent exists at all, which is then the better message.
 */
export async function labelNotFound(
  connection: Connection,
  agentId: string,
  label: string,
  hint: string,
  at?: string,
): Promise<NotFoundError> {
  const latestVersion = await latestVersionNumber(connection, agentId);
  if (latestVersion === 0) return new NotFoundError({ agentId });
  return new NotFoundError({ agentId, label, latestVersion, hint, ...(at === undefined ? {} : { at }) });
}
