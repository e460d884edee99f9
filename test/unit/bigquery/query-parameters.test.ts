import { param } from 'agentver';
import { describe, expect, it } from 'vitest';
import { toRestParameters } from '../../../src/bigquery/query-parameters.js';

describe('toRestParameters', () => {
  it('sends every scalar as a string of its BigQuery type', () => {
    expect(
      toRestParameters({
        agent_id: param.string('support_triage'),
        version: param.int64(42),
        big: param.int64(9_223_372_036_854_775_807n),
        temperature: param.float64(0.1),
        is_active: param.bool(false),
        at: param.timestamp(new Date(Date.UTC(2026, 0, 2, 3, 4, 5, 123))),
        since: param.timestamp('2026-01-02T03:04:05.123456Z'),
      }),
    ).toEqual([
      { name: 'agent_id', parameterType: { type: 'STRING' }, parameterValue: { value: 'support_triage' } },
      { name: 'version', parameterType: { type: 'INT64' }, parameterValue: { value: '42' } },
      { name: 'big', parameterType: { type: 'INT64' }, parameterValue: { value: '9223372036854775807' } },
      { name: 'temperature', parameterType: { type: 'FLOAT64' }, parameterValue: { value: '0.1' } },
      { name: 'is_active', parameterType: { type: 'BOOL' }, parameterValue: { value: 'false' } },
      { name: 'at', parameterType: { type: 'TIMESTAMP' }, parameterValue: { value: '2026-01-02T03:04:05.123Z' } },
      { name: 'since', parameterType: { type: 'TIMESTAMP' }, parameterValue: { value: '2026-01-02T03:04:05.123456Z' } },
    ]);
  });

  it('writes a float as the shortest text that reads back as the same double', () => {
    const [sum] = toRestParameters({ x: param.float64(0.1 + 0.2) });
    expect(sum?.parameterValue.value).toBe('0.30000000000000004');
    expect(Number(sum?.parameterValue.value)).toBe(0.1 + 0.2);
    expect(toRestParameters({ x: param.float64(1e-7) })[0]?.parameterValue.value).toBe('1e-7');
  });

  it('keeps NULL typed: null and undefined give a value-less parameterValue of the declared type', () => {
    expect(
      toRestParameters({
        s: param.string(null),
        n: param.int64(undefined),
        x: param.float64(null),
        b: param.bool(null),
        t: param.timestamp(undefined),
        j: param.json(null),
        k: param.json(undefined),
      }),
    ).toEqual([
      { name: 's', parameterType: { type: 'STRING' }, parameterValue: {} },
      { name: 'n', parameterType: { type: 'INT64' }, parameterValue: {} },
      { name: 'x', parameterType: { type: 'FLOAT64' }, parameterValue: {} },
      { name: 'b', parameterType: { type: 'BOOL' }, parameterValue: {} },
      { name: 't', parameterType: { type: 'TIMESTAMP' }, parameterValue: {} },
      { name: 'j', parameterType: { type: 'STRING' }, parameterValue: {} },
      { name: 'k', parameterType: { type: 'STRING' }, parameterValue: {} },
    ]);
  });

  it('sends JSON as the STRING of its text', () => {
    expect(toRestParameters({ p: param.json({ pii: 'redact', n: [1, 2] }) })).toEqual([
      { name: 'p', parameterType: { type: 'STRING' }, parameterValue: { value: '{"pii":"redact","n":[1,2]}' } },
    ]);
  });

  it('sends arrays with their element type, empty arrays included', () => {
    expect(toRestParameters({ tools: param.stringArray(['read_tickets', 'search_kb']), none: param.stringArray([]) })).toEqual([
      {
        name: 'tools',
        parameterType: { type: 'ARRAY', arrayType: { type: 'STRING' } },
        parameterValue: { arrayValues: [{ value: 'read_tickets' }, { value: 'search_kb' }] },
      },
      { name: 'none', parameterType: { type: 'ARRAY', arrayType: { type: 'STRING' } }, parameterValue: { arrayValues: [] } },
    ]);
    expect(toRestParameters({ ns: { type: { arrayOf: 'INT64' }, value: [1, 2n] } })[0]?.parameterValue).toEqual({
      arrayValues: [{ value: '1' }, { value: '2' }],
    });
  });

  it('refuses an array parameter that is not an array, and array items of the wrong type', () => {
    expect(() => toRestParameters({ tools: { type: { arrayOf: 'STRING' }, value: 'search_kb' } })).toThrow(
      new TypeError('parameter @tools needs an array'),
    );
    expect(() => toRestParameters({ tools: { type: { arrayOf: 'STRING' }, value: null } })).toThrow('parameter @tools needs an array');
    expect(() => toRestParameters({ tools: { type: { arrayOf: 'STRING' }, value: ['a', 1] } })).toThrow(
      'STRING parameter needs a string, got number',
    );
    expect(() => toRestParameters({ ns: { type: { arrayOf: 'INT64' }, value: [1, 0.5] } })).toThrow(
      'INT64 parameter needs a safe integer, got 0.5',
    );
  });

  it('refuses integers a double cannot hold exactly, and non-integers, as INT64', () => {
    expect(() => toRestParameters({ n: param.int64(2 ** 53) })).toThrow(
      new TypeError('INT64 parameter needs a safe integer, got 9007199254740992'),
    );
    expect(() => toRestParameters({ n: param.int64(-(2 ** 53)) })).toThrow('INT64 parameter needs a safe integer, got -9007199254740992');
    expect(() => toRestParameters({ n: param.int64(1.5) })).toThrow('INT64 parameter needs a safe integer, got 1.5');
    expect(() => toRestParameters({ n: param.int64(Number.NaN) })).toThrow('INT64 parameter needs a safe integer, got NaN');
    expect(() => toRestParameters({ n: { type: 'INT64', value: '42' } })).toThrow('INT64 parameter needs a safe integer, got 42');
    expect(toRestParameters({ n: param.int64(2 ** 53 - 1) })[0]?.parameterValue).toEqual({ value: '9007199254740991' });
  });

  it('refuses non-finite floats as FLOAT64', () => {
    expect(() => toRestParameters({ x: param.float64(Number.POSITIVE_INFINITY) })).toThrow(
      new TypeError('FLOAT64 parameter needs a finite number, got Infinity'),
    );
    expect(() => toRestParameters({ x: param.float64(Number.NEGATIVE_INFINITY) })).toThrow(
      'FLOAT64 parameter needs a finite number, got -Infinity',
    );
    expect(() => toRestParameters({ x: param.float64(Number.NaN) })).toThrow('FLOAT64 parameter needs a finite number, got NaN');
    expect(() => toRestParameters({ x: { type: 'FLOAT64', value: '0.5' } })).toThrow('FLOAT64 parameter needs a finite number, got 0.5');
  });

  it('refuses values of the wrong JS type for STRING, BOOL and TIMESTAMP', () => {
    expect(() => toRestParameters({ s: { type: 'STRING', value: 42 } })).toThrow('STRING parameter needs a string, got number');
    expect(() => toRestParameters({ b: { type: 'BOOL', value: 'true' } })).toThrow('BOOL parameter needs a boolean, got string');
    expect(() => toRestParameters({ t: { type: 'TIMESTAMP', value: 1767323045 } })).toThrow(
      'TIMESTAMP parameter needs a Date or an ISO string, got number',
    );
  });

  it('gives no parameters for no params', () => {
    expect(toRestParameters({})).toEqual([]);
  });
});
