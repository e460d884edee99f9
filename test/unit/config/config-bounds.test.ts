import { describe, expect, it } from 'vitest';
import { CONFIG_BOUNDS } from '../../../src/config/check-config-bounds.js';
import { parseConfig } from '../../../src/config/parse-config.js';
import { ValidationError } from '../../../src/errors/validation-error.js';

const base = { name: 'Triage', system_prompt: 'Sort tickets.', model: 'gpt-4.1' };

/** The ValidationError parseConfig throws for `input`, or a failure when it does not throw one. */
function refusal(input: unknown): ValidationError {
  try {
    parseConfig(input);
  } catch (error) {
    if (error instanceof ValidationError) return error;
    throw error;
  }
  throw new Error('parseConfig accepted the config');
}

describe('config bounds (issue 26, reliability 1–3)', () => {
  it('refuses nesting deeper than the limit, at any depth, naming the path (5,000 levels overflowed the stack before)', () => {
    let deep: unknown = 'leaf';
    for (let i = 0; i < 5000; i++) deep = { a: deep };
    const error = refusal({ ...base, extra: { deep } });
    expect(error.code).toBe('invalid_input');
    expect(error.problems[0]?.field).toMatch(/^extra\.deep(\.a)+$/);
    expect(error.problems[0]?.rule).toBe(`nests deeper than ${CONFIG_BOUNDS.maxDepth} levels of objects and arrays (the limit)`);
    // arrays count as levels too; the limit itself is accepted
    let ok: unknown = 1;
    for (let i = 0; i < CONFIG_BOUNDS.maxDepth - 2; i++) ok = [ok];
    expect(parseConfig({ ...base, extra: { ok } }).extra).toEqual({ ok });
    let over: unknown = 1;
    for (let i = 0; i < CONFIG_BOUNDS.maxDepth; i++) over = [over];
    expect(refusal({ ...base, extra: { over } }).problems[0]?.field).toMatch(/^extra\.over(\[0\])+$/);
  });

  it('refuses more strings or more text than the limit before the schema or the scan reads them', () => {
    const many = Array.from({ length: 100_000 }, () => 'x');
    const error = refusal({ ...base, extra: { many } });
    expect(error.problems[0]?.rule).toMatch(/more than 20,000 strings and keys \(the limit\)$/);
    expect(error.problems[0]?.field).toMatch(/^extra\.many\[\d+\]$/);
    const huge = refusal({ ...base, extra: { note: 'x'.repeat(CONFIG_BOUNDS.maxBytes + 1) } });
    expect(huge.problems[0]).toEqual({ field: 'extra.note', rule: "makes the config's text larger than 2,000,000 bytes (the limit)" });
    // a long prompt well inside the limit is fine
    expect(
      parseConfig({ ...base, system_prompt: 'word '.repeat(40_000), extra: { notes: 'n'.repeat(1_000_000) } }).system_prompt,
    ).toHaveLength(200_000);
  });

  it('refuses a lone surrogate in a value or a key, and keeps pairs (emoji)', () => {
    expect(refusal({ ...base, system_prompt: 'a\ud800b' }).problems[0]).toEqual({
      field: 'system_prompt',
      rule: 'the text has a lone UTF-16 surrogate (e.g. \\ud800 without its pair), which UTF-8 cannot store',
    });
    expect(refusal({ ...base, extra: { 'k\udc00': 1 } }).problems[0]?.rule).toMatch(/^the key has a lone UTF-16 surrogate/);
    expect(refusal({ ...base, extra: { list: ['ok', 'end\ud83d'] } }).problems[0]?.field).toBe('extra.list[1]');
    expect(parseConfig({ ...base, system_prompt: 'Answer kindly 🙂 \ud83d\ude42' }).system_prompt).toBe('Answer kindly 🙂 🙂');
  });
});
