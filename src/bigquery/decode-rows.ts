/** A field of a query result's schema, as the REST API returns it. */
export interface SchemaField {
  name: string;
  type: string;
  mode?: string;
  fields?: SchemaField[];
}

interface Cell {
  v: unknown;
}

// TIMESTAMP cells come as seconds since the epoch in decimal or E notation ("1767323045.123456",
// "1.767323045123456E9"); plain decimals are read digit by digit so no microsecond is lost.
function timestampToIso(text: string): string {
  const plain = text.match(/^(-?\d+)(?:\.(\d*))?$/);
  const micros = plain
    ? Number(plain[1]) * 1e6 + Math.sign(Number(`${plain[1]}1`)) * Number((plain[2] ?? '').padEnd(6, '0').slice(0, 6))
    : Math.round(Number(text) * 1e6);
  const millis = Math.floor(micros / 1000);
  const extraMicros = micros - millis * 1000;
  return new Date(millis).toISOString().replace('Z', `${String(extraMicros).padStart(3, '0')}Z`);
}

function decodeValue(field: SchemaField, value: unknown): unknown {
  if (value === null || value === undefined) return null;
  switch (field.type) {
    case 'INTEGER':
    case 'INT64': {
      const number = Number(value);
      if (!Number.isSafeInteger(number)) throw new RangeError(`column ${field.name}: ${String(value)} is beyond a safe JS integer`);
      return number;
    }
    case 'FLOAT':
    case 'FLOAT64':
      return Number(value);
    case 'BOOLEAN':
    case 'BOOL':
      return value === true || value === 'true';
    case 'TIMESTAMP':
      return timestampToIso(String(value));
    case 'RECORD':
    case 'STRUCT':
      return decodeRecord(field.fields ?? [], value as { f: Cell[] });
    default:
      // STRING, JSON (its text), NUMERIC and BIGNUMERIC (exact decimal text), DATE, DATETIME, TIME, BYTES (base64).
      return String(value);
  }
}

function decodeRecord(fields: SchemaField[], record: { f: Cell[] }): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  fields.forEach((field, index) => {
    const cell = record.f[index]?.v;
    out[field.name] =
      field.mode === 'REPEATED' ? ((cell as Cell[] | null) ?? []).map((item) => decodeValue(field, item.v)) : decodeValue(field, cell);
  });
  return out;
}

/**
 * Turns the REST API's `{ f: [{ v }] }` rows into plain objects: INT64 as number (refusing values
 * beyond 2^53), FLOAT64 as number, TIMESTAMP as an ISO-8601 string with microseconds, JSON as
 * its text, STRUCT as an object, ARRAY as an array.
 */
export function decodeRows(fields: SchemaField[], rows: ReadonlyArray<{ f: Cell[] }>): Record<string, unknown>[] {
  return rows.map((row) => decodeRecord(fields, row));
}
