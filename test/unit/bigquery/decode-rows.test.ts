import { describe, expect, it } from 'vitest';
import { decodeRows, type SchemaField } from '../../../src/bigquery/decode-rows.js';

/** One cell of one column, decoded. */
const decodeOne = (field: SchemaField, v: unknown) => decodeRows([field], [{ f: [{ v }] }])[0]?.[field.name];

describe('decodeRows', () => {
  it('reads INT64 up to 2^53 - 1 and refuses anything beyond', () => {
    const n: SchemaField = { name: 'n', type: 'INTEGER' };
    expect(decodeOne(n, '9007199254740991')).toBe(9_007_199_254_740_991);
    expect(decodeOne(n, '-9007199254740991')).toBe(-9_007_199_254_740_991);
    expect(decodeOne({ name: 'n', type: 'INT64' }, '42')).toBe(42);
    expect(() => decodeOne(n, '9007199254740992')).toThrow(RangeError);
    expect(() => decodeOne(n, '9007199254740992')).toThrow('column n: 9007199254740992 is beyond a safe JS integer');
    expect(() => decodeOne(n, '-9223372036854775808')).toThrow('column n: -9223372036854775808 is beyond a safe JS integer');
  });

  it('reads TIMESTAMP seconds in decimal or E notation as ISO-8601 with exactly six fraction digits', () => {
    const t: SchemaField = { name: 't', type: 'TIMESTAMP' };
    expect(decodeOne(t, '1767323045.123456')).toBe('2026-01-02T03:04:05.123456Z');
    expect(decodeOne(t, '1.767323045123456E9')).toBe('2026-01-02T03:04:05.123456Z');
    expect(decodeOne(t, '1.7673230451E9')).toBe('2026-01-02T03:04:05.100000Z');
    expect(decodeOne(t, '1767323045')).toBe('2026-01-02T03:04:05.000000Z');
    expect(decodeOne(t, '1767323045.5')).toBe('2026-01-02T03:04:05.500000Z');
    expect(decodeOne(t, '1767323045.999999')).toBe('2026-01-02T03:04:05.999999Z');
    expect(decodeOne(t, '0')).toBe('1970-01-01T00:00:00.000000Z');
  });

  it('keeps the microseconds of a decimal timestamp digit by digit, dropping digits past the sixth', () => {
    const t: SchemaField = { name: 't', type: 'TIMESTAMP' };
    expect(decodeOne(t, '1767323045.000001')).toBe('2026-01-02T03:04:05.000001Z');
    expect(decodeOne(t, '1767323045.1234567')).toBe('2026-01-02T03:04:05.123456Z');
  });

  it('reads timestamps before 1970 (negative seconds), counting the fraction away from zero', () => {
    const t: SchemaField = { name: 't', type: 'TIMESTAMP' };
    expect(decodeOne(t, '-1.5')).toBe('1969-12-31T23:59:58.500000Z');
    expect(decodeOne(t, '-0.000001')).toBe('1969-12-31T23:59:59.999999Z');
    expect(decodeOne(t, '-0.5')).toBe('1969-12-31T23:59:59.500000Z');
    expect(decodeOne(t, '-86400.25')).toBe('1969-12-30T23:59:59.750000Z');
    expect(decodeOne(t, '-1.5E0')).toBe('1969-12-31T23:59:58.500000Z');
  });

  it('reads FLOAT64 as a number, including the non-finite values the API spells out', () => {
    const x: SchemaField = { name: 'x', type: 'FLOAT' };
    expect(decodeOne(x, '0.1')).toBe(0.1);
    expect(decodeOne({ name: 'x', type: 'FLOAT64' }, '-2.5E-3')).toBe(-0.0025);
    expect(decodeOne(x, 'Infinity')).toBe(Number.POSITIVE_INFINITY);
    expect(decodeOne(x, '-Infinity')).toBe(Number.NEGATIVE_INFINITY);
    expect(decodeOne(x, 'NaN')).toBeNaN();
  });

  it('reads BOOL from the text "true"/"false" or a JSON boolean', () => {
    const b: SchemaField = { name: 'b', type: 'BOOLEAN' };
    expect(decodeOne(b, 'true')).toBe(true);
    expect(decodeOne(b, 'false')).toBe(false);
    expect(decodeOne({ name: 'b', type: 'BOOL' }, true)).toBe(true);
    expect(decodeOne({ name: 'b', type: 'BOOL' }, false)).toBe(false);
  });

  it('keeps JSON, NUMERIC, DATE and STRING as their text', () => {
    expect(decodeOne({ name: 'j', type: 'JSON' }, '{"pii":"redact","n":1}')).toBe('{"pii":"redact","n":1}');
    expect(decodeOne({ name: 'j', type: 'JSON' }, 'null')).toBe('null');
    expect(decodeOne({ name: 'd', type: 'NUMERIC' }, '123.450000001')).toBe('123.450000001');
    expect(decodeOne({ name: 'd', type: 'BIGNUMERIC' }, '12345678901234567890.5')).toBe('12345678901234567890.5');
    expect(decodeOne({ name: 'd', type: 'DATE' }, '2026-03-01')).toBe('2026-03-01');
    expect(decodeOne({ name: 's', type: 'STRING' }, '')).toBe('');
  });

  it('reads NULL as null in every type, and a missing cell as null', () => {
    for (const type of ['INT64', 'FLOAT64', 'BOOL', 'TIMESTAMP', 'STRING', 'JSON', 'RECORD']) {
      expect(decodeOne({ name: 'c', type, fields: [] }, null)).toBeNull();
    }
    const fields: SchemaField[] = [
      { name: 'a', type: 'STRING' },
      { name: 'b', type: 'INT64' },
    ];
    expect(decodeRows(fields, [{ f: [{ v: 'x' }] }])).toEqual([{ a: 'x', b: null }]);
  });

  it('reads STRUCT as an object, its members decoded by their own types, nested', () => {
    const budgets: SchemaField = {
      name: 'budgets',
      type: 'RECORD',
      fields: [
        { name: 'max_cost_usd_per_task', type: 'FLOAT' },
        { name: 'max_llm_calls_per_task', type: 'INTEGER' },
        { name: 'limits', type: 'STRUCT', fields: [{ name: 'at', type: 'TIMESTAMP' }] },
      ],
    };
    const value = { f: [{ v: '0.25' }, { v: null }, { v: { f: [{ v: '1.5E0' }] } }] };
    expect(decodeOne(budgets, value)).toEqual({
      max_cost_usd_per_task: 0.25,
      max_llm_calls_per_task: null,
      limits: { at: '1970-01-01T00:00:01.500000Z' },
    });
  });

  it('reads REPEATED as an array of decoded items; a NULL array is empty', () => {
    const tools: SchemaField = { name: 'tools', type: 'STRING', mode: 'REPEATED' };
    expect(decodeOne(tools, [{ v: 'read_tickets' }, { v: 'search_kb' }])).toEqual(['read_tickets', 'search_kb']);
    expect(decodeOne(tools, [])).toEqual([]);
    expect(decodeOne(tools, null)).toEqual([]);
    expect(decodeOne({ name: 'ns', type: 'INT64', mode: 'REPEATED' }, [{ v: '1' }, { v: '-2' }])).toEqual([1, -2]);
    expect(() => decodeOne({ name: 'ns', type: 'INT64', mode: 'REPEATED' }, [{ v: '1' }, { v: '9007199254740993' }])).toThrow(
      'column ns: 9007199254740993 is beyond a safe JS integer',
    );
  });

  it('reads REPEATED RECORD (ARRAY<STRUCT>) as an array of objects', () => {
    const servers: SchemaField = {
      name: 'mcp_servers',
      type: 'RECORD',
      mode: 'REPEATED',
      fields: [
        { name: 'name', type: 'STRING' },
        { name: 'url', type: 'STRING' },
      ],
    };
    const value = [{ v: { f: [{ v: 'kb' }, { v: 'https://kb.acme.dev/mcp' }] } }, { v: { f: [{ v: 'crm' }, { v: null }] } }];
    expect(decodeOne(servers, value)).toEqual([
      { name: 'kb', url: 'https://kb.acme.dev/mcp' },
      { name: 'crm', url: null },
    ]);
  });

  it('decodes every row with the same schema, in order', () => {
    const fields: SchemaField[] = [
      { name: 'agent_id', type: 'STRING' },
      { name: 'version', type: 'INT64' },
    ];
    expect(decodeRows(fields, [{ f: [{ v: 'a' }, { v: '1' }] }, { f: [{ v: 'b' }, { v: '2' }] }])).toEqual([
      { agent_id: 'a', version: 1 },
      { agent_id: 'b', version: 2 },
    ]);
    expect(decodeRows(fields, [])).toEqual([]);
  });
});
