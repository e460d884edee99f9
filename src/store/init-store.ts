import type { Connection } from '../bigquery/connection.js';
import { ensureDataset } from '../bigquery/ensure-dataset.js';
import { runQuery } from '../bigquery/run-query.js';
import { NOTIFICATION_TABLES } from '../notify/notification-tables.js';
import { AGENT_RELEASES } from '../releases/agent-releases-table.js';
import { declaredTelemetryTable, TELEMETRY_TABLE_SPECS } from '../telemetry/telemetry-tables.js';
import { RELEASE_DECISIONS } from '../watch/release-decisions-table.js';
import { AGENT_CONFIGS } from './agent-configs-table.js';
import { type AppendOnlyTable, tableColumns } from './append-only-table.js';
import { ddlType } from './column-sql.js';
import type { DeclaredTable } from './declared-table.js';
import { loadSql } from './load-sql.js';

export interface AddedColumn {
  table: string;
  column: string;
  type: string;
}

export interface InitResult {
  datasetCreated: boolean;
  /** The tables this call created (the others existed). */
  tablesCreated: string[];
  /** Columns the current schema declares that an existing table lacked, now added (nullable). */
  columnsAdded: AddedColumn[];
}

/** Every table agentver owns, each created by sql/<name>.sql. */
export const AGENTVER_TABLES: readonly string[] = [
  'agent_configs',
  'agent_releases',
  'task_executions',
  'llm_calls',
  'outcome_grades',
  'release_decisions',
  ...NOTIFICATION_TABLES.map((spec) => spec.table),
];

const APPEND_ONLY: readonly AppendOnlyTable[] = [AGENT_CONFIGS, AGENT_RELEASES];

/** The tables whose columns are declared in TypeScript, so that init can bring an older table up to date. */
const DECLARED: ReadonlyMap<string, DeclaredTable> = new Map(
  [
    ...APPEND_ONLY.map((spec) => ({ table: spec.table, columns: tableColumns(spec), ddlFile: `${spec.table}.sql` })),
    ...[...TELEMETRY_TABLE_SPECS, RELEASE_DECISIONS, ...NOTIFICATION_TABLES].map(declaredTelemetryTable),
  ].map((declared) => [declared.table, declared]),
);

/** The append-only tables, which also need their lock row. */
const LOCKED = new Set(APPEND_ONLY.map((spec) => spec.table));

/**
 * Creates the dataset (if missing) and agentver's tables (if missing), and adds to an existing
 * table the columns the current schema declares and it lacks; it never drops or retypes a
 * column. Safe to run again. The dataset goes through the datasets API: the emulator treats
 * CREATE SCHEMA as a no-op.
 */
export async function initStore(connection: Connection, tables: readonly string[] = AGENTVER_TABLES): Promise<InitResult> {
  const datasetCreated = await ensureDataset(connection);
  const dataset = connection.bigquery.dataset(connection.datasetId);
  const created: string[] = [];
  const columnsAdded: AddedColumn[] = [];
  for (const table of tables) {
    // The emulator fails CREATE TABLE IF NOT EXISTS on an existing table, so look first.
    const [tableExists] = await dataset.table(table).exists();
    if (!tableExists) {
      await runQuery(connection, loadSql(`${table}.sql`));
      created.push(table);
      continue;
    }
    const spec = DECLARED.get(table);
    if (spec && (await dataset.table(`${table}${UPGRADE_SUFFIX}`).exists())[0]) await finishRebuild(connection, table);
    if (spec) columnsAdded.push(...(await addMissingColumns(connection, spec)));
  }
  for (const table of tables) if (LOCKED.has(table)) await runQuery(connection, loadSql(`${table}_lock_row.sql`));
  return { datasetCreated, tablesCreated: created, columnsAdded };
}

const UPGRADE_SUFFIX = '__agentver_upgrade';

/** Recreates a table from its DDL and copies its rows back from the copy a rebuild made, then drops the copy. */
async function finishRebuild(connection: Connection, table: string): Promise<void> {
  const dataset = connection.bigquery.dataset(connection.datasetId);
  const copy = dataset.table(`${table}${UPGRADE_SUFFIX}`);
  const [copyMetadata] = await copy.getMetadata();
  const columns = (copyMetadata.schema?.fields ?? []).map((field: { name: string }) => field.name).join(', ');
  const count = async (name: string) =>
    Number((await runQuery<{ n: number }>(connection, `SELECT COUNT(*) AS n FROM {{dataset}}.${name}`)).rows[0]?.n ?? 0);
  const [metadata] = (await dataset.table(table).exists())[0] ? await dataset.table(table).getMetadata() : [undefined];
  const declared = DECLARED.get(table) as DeclaredTable;
  const upToDate = metadata?.schema?.fields?.length === declared.columns.length;
  if (!upToDate) {
    if (metadata) await dataset.table(table).delete();
    await runQuery(connection, loadSql(declared.ddlFile));
  }
  if ((await count(table)) !== (await count(`${table}${UPGRADE_SUFFIX}`))) {
    await runQuery(connection, `DELETE FROM {{dataset}}.${table} WHERE TRUE`);
    await runQuery(
      connection,
      `INSERT INTO {{dataset}}.${table} (${columns}) SELECT ${columns} FROM {{dataset}}.${table}${UPGRADE_SUFFIX}`,
    );
  }
  await copy.delete();
}

async function addMissingColumns(connection: Connection, spec: DeclaredTable): Promise<AddedColumn[]> {
  const [metadata] = await connection.bigquery.dataset(connection.datasetId).table(spec.table).getMetadata();
  const existing = new Set<string>((metadata.schema?.fields ?? []).map((field: { name: string }) => field.name));
  const missing = spec.columns.filter((column) => !existing.has(column.name));
  if (missing.length === 0) return [];
  const table = `{{dataset}}.${spec.table}`;
  if (connection.emulatorHost) {
    // The emulator accepts ALTER TABLE ADD COLUMN (and a schema patch) but its SQL engine never
    // sees the new column (emulator-capabilities.test.ts), so there the table is rebuilt with the
    // current DDL: copied aside, recreated, copied back. A rebuild cut short is finished by the
    // next init (the copy is kept until the rows are back). Real BigQuery never takes this path.
    await runQuery(connection, `CREATE TABLE {{dataset}}.${spec.table}${UPGRADE_SUFFIX} AS SELECT * FROM ${table}`);
    await finishRebuild(connection, spec.table);
  } else {
    // New columns are nullable: BigQuery refuses to add a REQUIRED column to a table with rows.
    await runQuery(
      connection,
      missing.map((column) => `ALTER TABLE ${table} ADD COLUMN IF NOT EXISTS ${column.name} ${ddlType(column.type)}`).join(';\n'),
    );
  }
  return missing.map((column) => ({ table: spec.table, column: column.name, type: ddlType(column.type) }));
}
