import { CONFIG_FIELDS } from '../config/agent-config.js';
import type { AppendOnlyTable } from './append-only-table.js';

/**
 * The blame query of a table: for each payload field, the numbers at which its value changed
 * (number 1 counts as a change), newest first; with @field = '', only each field's last change.
 * Each field is compared with the previous row's by LAG over one row per number, and only the
 * changes are unnested, so the work grows with rows, not rows × fields.
 */
export function renderBlame(spec: AppendOnlyTable, source: string, fields: readonly string[] = CONFIG_FIELDS): string {
  const lines = (render: (field: string) => string, indent: string) => fields.map(render).join(`,\n${indent}`);
  const seq = spec.sequence;
  const copyTo = spec.copy?.to ?? 'NULL';
  return `-- Generated from ${source} by \`npm run generate\`; do not edit by hand.
-- For each config field of an agent, the versions at which its value changed (version 1 counts
-- as a change), newest first. With @field = '', only each field's last change.
-- Parameters: @agent_id STRING, @field STRING ('' for every field: a NULL STRING parameter makes
-- the emulator infer conflicting types)
--
-- Each field is compared with the previous version's by LAG over one row per version; only the
-- changes are unnested, so the work grows with versions, not versions × fields.
WITH field_values AS (
  SELECT
    ${seq}, author, created_at, change_message, ${copyTo},
    ${lines((field) => `TO_JSON_STRING(${field}) AS ${field}`, '    ')}
  FROM {{dataset}}.${spec.table}
  WHERE ${spec.key.map((column) => `${column.name} = @${column.name}`).join(' AND ')} AND ${seq} > 0
),
previous AS (
  SELECT
    *,
    ${lines((field) => `LAG(${field}) OVER (ORDER BY ${seq}) AS previous_${field}`, '    ')}
  FROM field_values
),
changed AS (
  SELECT
    ${seq}, author, created_at, change_message, ${copyTo},
    ARRAY(
      SELECT field FROM UNNEST([
        ${lines((field) => `IF(${field} IS DISTINCT FROM previous_${field}, '${field}', NULL)`, '        ')}
      ]) AS field
      WHERE field IS NOT NULL AND (@field = '' OR field = @field)
    ) AS fields
  FROM previous
),
changes AS (
  SELECT
    field, ${seq}, author, created_at, change_message, ${copyTo},
    ROW_NUMBER() OVER (PARTITION BY field ORDER BY ${seq} DESC) AS recency
  FROM changed CROSS JOIN UNNEST(changed.fields) AS field
)
SELECT field, ${seq}, author, created_at, change_message, ${copyTo}
FROM changes
WHERE @field != '' OR recency = 1
ORDER BY field, ${seq} DESC
`;
}
