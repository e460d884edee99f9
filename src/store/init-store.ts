import type { Connection } from '../bigquery/connection.js';
import { runQuery } from '../bigquery/run-query.js';
import { loadSql } from './load-sql.js';

export interface InitResult {
  datasetCreated: boolean;
  /** The tables this call created (the others existed). */
  tablesCreated: string[];
}

/** Every table agentver owns, each created by sql/<name>.sql. */
export const AGENTVER_TABLES: readonly string[] = ['agent_configs', 'task_executions', 'llm_calls', 'outcome_grades'];

/**
 * Creates the dataset (if missing) and agentver's tables (if missing). Safe to run again.
 * The dataset goes through the datasets API: the emulator treats CREATE SCHEMA as a no-op.
 */
export async function initStore(connection: Connection, tables: readonly string[] = AGENTVER_TABLES): Promise<InitResult> {
  const dataset = connection.bigquery.dataset(connection.datasetId, { location: connection.location });
  const [datasetExists] = await dataset.exists();
  if (!datasetExists) await dataset.create({ location: connection.location });
  const created: string[] = [];
  for (const table of tables) {
    // The emulator fails CREATE TABLE IF NOT EXISTS on an existing table, so look first.
    const [tableExists] = await dataset.table(table).exists();
    if (tableExists) continue;
    await runQuery(connection, loadSql(`${table}.sql`));
    created.push(table);
  }
  if (tables.includes('agent_configs')) await runQuery(connection, loadSql('agent_configs_lock_row.sql'));
  return { datasetCreated: !datasetExists, tablesCreated: created };
}
