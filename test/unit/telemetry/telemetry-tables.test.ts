// The row schemas the recorder and ingest check are the columns the DDL declares.
import { describe, expect, it } from 'vitest';
import { TELEMETRY_TABLES } from '../../../src/telemetry/telemetry-rows.js';
import { TELEMETRY_TABLE_SPECS } from '../../../src/telemetry/telemetry-tables.js';

const keysOf = (schema: unknown): string[] => {
  // A refined object schema wraps the object: unwrap to its shape.
  const def = (schema as { def?: { shape?: object; in?: unknown; schema?: unknown } }).def;
  const shape = (schema as { shape?: object }).shape ?? def?.shape;
  if (shape) return Object.keys(shape);
  return keysOf(def?.in ?? def?.schema);
};

describe('telemetry tables', () => {
  for (const spec of TELEMETRY_TABLE_SPECS) {
    it(`${spec.table}: the row schema's fields are the declared columns minus recorded_at`, () => {
      const declared = spec.columns.map((column) => column.name).filter((name) => name !== 'recorded_at');
      expect(keysOf(TELEMETRY_TABLES[spec.table as keyof typeof TELEMETRY_TABLES].schema).sort()).toEqual(declared.sort());
    });
  }

  it('partitions by a declared TIMESTAMP and clusters by declared columns', () => {
    for (const spec of TELEMETRY_TABLE_SPECS) {
      expect(spec.columns.find((column) => column.name === spec.partitionBy)?.type).toBe('TIMESTAMP');
      for (const name of spec.clusterBy) expect(spec.columns.map((column) => column.name)).toContain(name);
    }
  });
});
