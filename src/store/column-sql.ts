import { param, type QueryParam } from '../bigquery/query-parameters.js';
import type { ColumnType, ScalarType } from '../config/agent-config.js';

/**
 * What a column type means in SQL and in a query's parameters: every writer, reader and DDL of
 * a declared column goes through these, so a column is typed in one place.
 */

/** A column of an agentver table: its name, type, whether a new table makes it NOT NULL, and its documentation. */
export interface ColumnSpec {
  readonly name: string;
  readonly type: ColumnType;
  readonly required?: true;
  readonly description: string;
}

const members = (type: ColumnType): ReadonlyArray<[string, ScalarType]> =>
  typeof type === 'object' && 'struct' in type
    ? Object.entries(type.struct)
    : typeof type === 'object' && 'arrayOfStruct' in type
      ? Object.entries(type.arrayOfStruct)
      : [];

/** The type as DDL writes it: `ARRAY<STRUCT<name STRING, url STRING>>`. */
export function ddlType(type: ColumnType): string {
  if (typeof type === 'string') return type;
  if ('arrayOf' in type) return `ARRAY<${type.arrayOf}>`;
  const struct = `STRUCT<${members(type)
    .map(([name, scalar]) => `${name} ${scalar}`)
    .join(', ')}>`;
  return 'struct' in type ? struct : `ARRAY<${struct}>`;
}

/** The parameter carrying a member of a STRUCT or ARRAY<STRUCT> column. */
const memberParam = (column: string, member: string) => `${column}__${member}`;

/**
 * The SQL that builds the column's value from its parameters. A JSON value travels as text
 * (the emulator double-encodes JSON parameters); a STRUCT as one parameter a member; an
 * ARRAY<STRUCT> as one array a member, zipped by offset.
 * @example
 * valueSql({ name: 'budgets', type: { struct: { a: 'INT64' } }, description: '' }) // 'STRUCT(@budgets__a AS a)'
 */
export function valueSql(column: ColumnSpec): string {
  const { name, type } = column;
  if (type === 'JSON') return `PARSE_JSON(@${name})`;
  // The emulator gives a NULL parameter the type INT64 whatever its declared type, so a scalar is cast.
  if (typeof type === 'string') return `CAST(@${name} AS ${type})`;
  if ('arrayOf' in type) return `@${name}`;
  const fields = members(type);
  if ('struct' in type) return `STRUCT(${fields.map(([member]) => `@${memberParam(name, member)} AS ${member}`).join(', ')})`;
  const [first, ...rest] = fields.map(([member]) => member);
  const zipped = [`${name}_${first} AS ${first}`, ...rest.map((member) => `@${memberParam(name, member)}[OFFSET(i)] AS ${member}`)];
  return `ARRAY(SELECT AS STRUCT ${zipped.join(', ')} FROM UNNEST(@${memberParam(name, first as string)}) AS ${name}_${first} WITH OFFSET AS i ORDER BY i)`;
}

/** How a query reads the column back: JSON as its text, so decoding sees one form on both backends. */
export function readSql(column: ColumnSpec): string {
  return column.type === 'JSON' ? `TO_JSON_STRING(${column.name}) AS ${column.name}` : column.name;
}

function scalarParam(type: ScalarType, value: unknown): QueryParam {
  switch (type) {
    case 'STRING':
      return param.string(value as string | null);
    case 'INT64':
      return param.int64(value as number | null);
    case 'FLOAT64':
      return param.float64(value as number | null);
    case 'BOOL':
      return param.bool(value as boolean | null);
    case 'TIMESTAMP':
      return param.timestamp(value as string | null);
  }
}

/** The parameters `valueSql` reads, for one value of the column (null or undefined: a NULL of the right type). */
export function columnParams(column: ColumnSpec, value: unknown): Record<string, QueryParam> {
  const { name, type } = column;
  if (type === 'JSON') return { [name]: param.json(value ?? null) };
  if (typeof type === 'string') return { [name]: scalarParam(type, value ?? null) };
  if ('arrayOf' in type) return { [name]: param.stringArray((value as string[] | null) ?? []) };
  const params: Record<string, QueryParam> = {};
  for (const [member, scalar] of members(type)) {
    params[memberParam(name, member)] =
      'struct' in type
        ? scalarParam(scalar, (value as Record<string, unknown> | null)?.[member] ?? null)
        : param.stringArray(((value as Record<string, string>[] | null) ?? []).map((item) => item[member] as string));
  }
  return params;
}

/**
 * A value read back with `readSql` (decoded by decode-rows), in the shape the config has:
 * JSON parsed, a NULL (a column older rows never had) as null.
 */
export function decodeColumn(column: ColumnSpec, value: unknown): unknown {
  if (value === null || value === undefined) return null;
  if (column.type === 'JSON') return value === 'null' ? null : JSON.parse(value as string);
  return value;
}
