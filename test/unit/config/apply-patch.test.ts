import { applyPatch, parseConfig, parseSetValue, ValidationError } from 'agentver';
import { describe, expect, it } from 'vitest';

const base = parseConfig({
  name: 'a',
  system_prompt: 'p',
  model: 'm',
  temperature: 0.3,
  tools: ['x'],
  extra: { nested: { a: 1 }, flag: true },
});

describe('applyPatch', () => {
  it('sets and unsets nested keys of maps', () => {
    const next = applyPatch(base, {
      set: { 'extra.nested.a': 2, 'extra.deep.er': 'x', 'policy_overrides.pii': 'redact' },
      unset: ['extra.flag'],
    });
    expect(next.extra).toEqual({ deep: { er: 'x' }, nested: { a: 2 } });
    expect(next.policy_overrides).toEqual({ pii: 'redact' });
    expect(base.extra).toEqual({ flag: true, nested: { a: 1 } });
  });

  it('refuses a field both set and unset, in either order', () => {
    expect(() => applyPatch(base, { set: { temperature: 0.5 }, unset: ['temperature'] })).toThrow(/temperature: is both set and unset/);
    expect(() => applyPatch(base, { systemPrompt: 'q', unset: ['system_prompt'] })).toThrow(/system_prompt: is given twice/);
  });

  it('refuses a sub-field of a value that is not an object, and removing a missing tool', () => {
    expect(() => applyPatch(base, { set: { 'extra.flag.x': 1 } })).toThrow(/extra\.flag\.x: flag is not an object/);
    expect(() => applyPatch(base, { removeTools: ['nope'] })).toThrow(/tools: has no nope to remove/);
  });

  it('refuses an integer too large to store exactly, from --set or from a file', () => {
    const big = parseSetValue('extra.big', '12345678901234567890');
    const error = (() => {
      try {
        applyPatch(base, { set: { 'extra.big': big } });
      } catch (caught) {
        return caught;
      }
    })();
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as Error).message).toMatch(/extra\.big: is an integer too large to store exactly/);
    expect(applyPatch(base, { set: { 'extra.big': parseSetValue('extra.big', '"12345678901234567890"') } }).extra.big).toBe(
      '12345678901234567890',
    );
  });

  it('checks MCP server URLs', () => {
    expect(() =>
      parseConfig({ name: 'a', system_prompt: 'p', model: 'm', mcp_servers: [{ name: 'kb', url: 'javascript:alert(1)' }] }),
    ).toThrow(/mcp_servers\[0\]\.url: must be an http\(s\) or ws\(s\) URL/);
  });
});
