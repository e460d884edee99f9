import { CONFIG_FIELDS } from 'agentver';
import { describe, expect, it } from 'vitest';
import { CONFIG_COLUMNS } from '../../../src/config/agent-config.js';
import { type ColumnSpec, columnParams, ddlType, decodeColumn, readSql, valueSql } from '../../../src/store/column-sql.js';

const budgets: ColumnSpec = {
  name: 'budgets',
  type: { struct: { max_cost_usd_per_task: 'FLOAT64', max_llm_calls_per_task: 'INT64', max_tokens_per_task: 'INT64' } },
  description: 'Per-task budgets.',
};
const mcpServers: ColumnSpec = { name: 'mcp_servers', type: { arrayOfStruct: { name: 'STRING', url: 'STRING' } }, description: '' };
const tools: ColumnSpec = { name: 'tools', type: { arrayOf: 'STRING' }, description: '' };
const extra: ColumnSpec = { name: 'extra', type: 'JSON', description: '' };
const temperature: ColumnSpec = { name: 'temperature', type: 'FLOAT64', description: '' };

describe('ddlType', () => {
  it('writes scalars, JSON, arrays, structs and arrays of structs as GoogleSQL DDL', () => {
    expect(ddlType('STRING')).toBe('STRING');
    expect(ddlType('TIMESTAMP')).toBe('TIMESTAMP');
    expect(ddlType('JSON')).toBe('JSON');
    expect(ddlType({ arrayOf: 'STRING' })).toBe('ARRAY<STRING>');
    expect(ddlType(budgets.type)).toBe('STRUCT<max_cost_usd_per_task FLOAT64, max_llm_calls_per_task INT64, max_tokens_per_task INT64>');
    expect(ddlType(mcpServers.type)).toBe('ARRAY<STRUCT<name STRING, url STRING>>');
  });
});

describe('valueSql', () => {
  it('reads a scalar or an array straight from its parameter, and JSON through PARSE_JSON', () => {
    expect(valueSql(temperature)).toBe('CAST(@temperature AS FLOAT64)');
    expect(valueSql(tools)).toBe('@tools');
    expect(valueSql(extra)).toBe('PARSE_JSON(@extra)');
  });

  it('builds a STRUCT from one parameter a member', () => {
    expect(valueSql(budgets)).toBe(
      'STRUCT(@budgets__max_cost_usd_per_task AS max_cost_usd_per_task, @budgets__max_llm_calls_per_task AS max_llm_calls_per_task, @budgets__max_tokens_per_task AS max_tokens_per_task)',
    );
  });

  it('zips an ARRAY<STRUCT> from one array a member, in order', () => {
    expect(valueSql(mcpServers)).toBe(
      'ARRAY(SELECT AS STRUCT mcp_servers_name AS name, @mcp_servers__url[OFFSET(i)] AS url FROM UNNEST(@mcp_servers__name) AS mcp_servers_name WITH OFFSET AS i ORDER BY i)',
    );
  });
});

describe('readSql', () => {
  it('reads JSON back as its text and every other column as itself', () => {
    expect(readSql(extra)).toBe('TO_JSON_STRING(extra) AS extra');
    expect(readSql(budgets)).toBe('budgets');
    expect(readSql(tools)).toBe('tools');
  });
});

describe('columnParams', () => {
  it('gives a scalar one parameter of its type, NULL typed when the value is missing', () => {
    expect(columnParams(temperature, 0.3)).toEqual({ temperature: { type: 'FLOAT64', value: 0.3 } });
    expect(columnParams(temperature, undefined)).toEqual({ temperature: { type: 'FLOAT64', value: null } });
    expect(columnParams({ name: 'max_tokens', type: 'INT64', description: '' }, 800)).toEqual({
      max_tokens: { type: 'INT64', value: 800 },
    });
    expect(columnParams({ name: 'is_on', type: 'BOOL', description: '' }, false)).toEqual({ is_on: { type: 'BOOL', value: false } });
    expect(columnParams({ name: 'at', type: 'TIMESTAMP', description: '' }, '2026-01-02T03:04:05Z')).toEqual({
      at: { type: 'TIMESTAMP', value: '2026-01-02T03:04:05Z' },
    });
  });

  it('sends JSON as its text in a STRING, and a missing value as a STRING NULL', () => {
    expect(columnParams(extra, { team: 'support', n: [1, 2] })).toEqual({
      extra: { type: 'STRING', value: '{"team":"support","n":[1,2]}' },
    });
    expect(columnParams(extra, null)).toEqual({ extra: { type: 'STRING', value: null } });
    expect(columnParams(extra, undefined)).toEqual({ extra: { type: 'STRING', value: null } });
  });

  it('sends an array as a STRING array, a missing one as empty', () => {
    expect(columnParams(tools, ['read_tickets', 'search_kb'])).toEqual({
      tools: { type: { arrayOf: 'STRING' }, value: ['read_tickets', 'search_kb'] },
    });
    expect(columnParams(tools, null)).toEqual({ tools: { type: { arrayOf: 'STRING' }, value: [] } });
  });

  it('sends a STRUCT as one typed parameter a member, missing members and a missing struct as NULLs', () => {
    expect(columnParams(budgets, { max_cost_usd_per_task: 0.25, max_tokens_per_task: 20000 })).toEqual({
      budgets__max_cost_usd_per_task: { type: 'FLOAT64', value: 0.25 },
      budgets__max_llm_calls_per_task: { type: 'INT64', value: null },
      budgets__max_tokens_per_task: { type: 'INT64', value: 20000 },
    });
    expect(columnParams(budgets, null)).toEqual({
      budgets__max_cost_usd_per_task: { type: 'FLOAT64', value: null },
      budgets__max_llm_calls_per_task: { type: 'INT64', value: null },
      budgets__max_tokens_per_task: { type: 'INT64', value: null },
    });
  });

  it('sends an ARRAY<STRUCT> as one STRING array a member, aligned by position', () => {
    expect(
      columnParams(mcpServers, [
        { name: 'kb', url: 'https://kb.acme.dev/mcp' },
        { name: 'crm', url: 'https://crm.acme.dev/mcp' },
      ]),
    ).toEqual({
      mcp_servers__name: { type: { arrayOf: 'STRING' }, value: ['kb', 'crm'] },
      mcp_servers__url: { type: { arrayOf: 'STRING' }, value: ['https://kb.acme.dev/mcp', 'https://crm.acme.dev/mcp'] },
    });
    expect(columnParams(mcpServers, null)).toEqual({
      mcp_servers__name: { type: { arrayOf: 'STRING' }, value: [] },
      mcp_servers__url: { type: { arrayOf: 'STRING' }, value: [] },
    });
  });

  it('gives, for every config column, exactly the parameters its valueSql reads', () => {
    for (const field of CONFIG_FIELDS) {
      const column: ColumnSpec = { name: field, ...CONFIG_COLUMNS[field] };
      const read = [...valueSql(column).matchAll(/@(\w+)/g)].map((match) => match[1]);
      expect(new Set(read), field).toEqual(new Set(Object.keys(columnParams(column, null))));
    }
  });
});

describe('decodeColumn', () => {
  it('parses JSON text, and reads SQL NULL and JSON null as null', () => {
    expect(decodeColumn(extra, '{"team":"support","n":[1,2]}')).toEqual({ team: 'support', n: [1, 2] });
    expect(decodeColumn(extra, 'null')).toBeNull();
    expect(decodeColumn(extra, null)).toBeNull();
    expect(decodeColumn(extra, undefined)).toBeNull();
    expect(() => decodeColumn(extra, '{not json')).toThrow(SyntaxError);
  });

  it('passes every other decoded value through, and NULL (a column older rows lack) as null', () => {
    const struct = { max_cost_usd_per_task: 0.25, max_llm_calls_per_task: null, max_tokens_per_task: 20000 };
    expect(decodeColumn(budgets, struct)).toBe(struct);
    expect(decodeColumn(tools, ['a'])).toEqual(['a']);
    expect(decodeColumn(temperature, 0)).toBe(0);
    expect(decodeColumn(temperature, undefined)).toBeNull();
    expect(decodeColumn({ name: 'name', type: 'STRING', description: '' }, 'null')).toBe('null');
  });
});
