// The zod config schema and the agent_configs DDL in sql/ must describe the same columns.

import { agentConfigSchema, type Connection, initStore, param, runQuery } from 'agentver';
import { beforeAll, expect, it } from 'vitest';
import type { z } from 'zod';
import { createTestConnection } from './test-connection.js';

interface ZodDef {
  type: string;
  innerType?: z.ZodType;
  element?: z.ZodType;
  shape?: Record<string, z.ZodType>;
}
const def = (schema: z.ZodType) => (schema as unknown as { _zod: { def: ZodDef } })._zod.def;

/** The BigQuery type a zod schema stores as: what sql/agent_configs.sql must declare. */
function bigQueryType(schema: z.ZodType): { type: string; nullable: boolean } {
  const d = def(schema);
  if (d.type === 'default' || d.type === 'nullable') {
    const inner = bigQueryType(d.innerType as z.ZodType);
    return { type: inner.type, nullable: inner.nullable || d.type === 'nullable' };
  }
  switch (d.type) {
    case 'string':
      return { type: 'STRING', nullable: false };
    case 'number':
      return { type: (schema as unknown as { isInt: boolean }).isInt ? 'INT64' : 'FLOAT64', nullable: false };
    case 'array':
      return { type: `ARRAY<${bigQueryType(d.element as z.ZodType).type}>`, nullable: true };
    case 'object': {
      const shape = (schema as unknown as { shape: Record<string, z.ZodType> }).shape;
      return {
        type: `STRUCT<${Object.entries(shape)
          .map(([name, field]) => `${name} ${bigQueryType(field).type}`)
          .join(', ')}>`,
        nullable: true,
      };
    }
    case 'record':
      return { type: 'JSON', nullable: true };
    default:
      throw new Error(`no BigQuery type for zod ${d.type}`);
  }
}

let conn: Connection;
beforeAll(async () => {
  conn = await createTestConnection('schema');
  await initStore(conn, ['agent_configs']);
});

it('declares every config field with the type the zod schema stores', async () => {
  const { rows } = await runQuery<{ column_name: string; data_type: string; is_nullable: string }>(
    conn,
    // Qualified: the emulator resolves a bare name against its first dataset.
    `SELECT column_name, data_type, is_nullable FROM {{dataset}}.INFORMATION_SCHEMA.COLUMNS WHERE table_name = @table`,
    { table: param.string('agent_configs') },
  );
  // The emulator names FLOAT64 "DOUBLE" (asserted in emulator-capabilities.test.ts).
  const columns = new Map(rows.map((row) => [row.column_name, { ...row, data_type: row.data_type.replace(/\bDOUBLE\b/g, 'FLOAT64') }]));
  for (const [field, schema] of Object.entries(agentConfigSchema.shape)) {
    const expected = bigQueryType(schema as z.ZodType);
    expect(columns.get(field)?.data_type, field).toBe(expected.type);
    if (expected.nullable) expect(columns.get(field)?.is_nullable, field).toBe('YES');
  }
});

it('has exactly the config fields plus the version and provenance columns', async () => {
  const { rows } = await runQuery<{ column_name: string }>(
    conn,
    `SELECT column_name FROM {{dataset}}.INFORMATION_SCHEMA.COLUMNS WHERE table_name = @table ORDER BY ordinal_position`,
    { table: param.string('agent_configs') },
  );
  const provenance = [
    'agent_id',
    'version',
    'agent_version_id',
    'is_latest',
    'parent_version',
    'rollback_from',
    'rollback_to',
    'content_hash',
    'author',
    'session_user',
    'change_message',
    'request_id',
    'created_at',
  ];
  expect(rows.map((row) => row.column_name).sort()).toEqual([...provenance, ...Object.keys(agentConfigSchema.shape)].sort());
});
