import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseConfigDocument } from '../../../src/cli/read-config-file.js';
import type { AgentConfig, JsonValue } from '../../../src/config/agent-config.js';
import { contentHash, parseConfig } from '../../../src/config/parse-config.js';
import { type ConfigFileFormat, serializeConfig } from '../../../src/config/serialize-config.js';

const readBack = (text: string) => parseConfig(parseConfigDocument(text, 'agent.yaml'));
const FORMATS: ConfigFileFormat[] = ['yaml', 'json'];

// Text a prompt can hold: any code point, with line breaks, tabs, CRs and leading spaces common.
const text = fc
  .array(
    fc.oneof(
      fc.string({ unit: 'binary' }),
      fc.constantFrom('\n', '\r\n', '\r', '\t', '  ', ' \n', '#', ': ', '- ', '"', "'", '|', '\u2028'),
    ),
    {
      maxLength: 12,
    },
  )
  .map((parts) => parts.join(''));
const identifier = fc.stringMatching(/^[A-Za-z][A-Za-z0-9_.:-]{0,20}$/);
// Numbers the schema keeps: finite, and integers only where exact. -0 is JSON's 0.
const number = fc.oneof(
  fc.integer({ min: Number.MIN_SAFE_INTEGER, max: Number.MAX_SAFE_INTEGER }),
  fc
    .double({ noNaN: true, noDefaultInfinity: true })
    .filter((n) => !Number.isInteger(n) || Number.isSafeInteger(n))
    .map((n) => (n === 0 ? 0 : n)),
);
const key = fc.oneof(
  fc.string({ unit: 'binary', minLength: 1, maxLength: 8 }),
  fc.constantFrom('__proto__', 'true', '1', '<<', 'a.b', '- x', 'null', '~'),
);
const json: fc.Arbitrary<JsonValue> = fc.letrec<{ value: JsonValue }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    text,
    number,
    fc.boolean(),
    fc.constant(null),
    fc.array(tie('value'), { maxLength: 3 }),
    fc.dictionary(key, tie('value'), { maxKeys: 3 }),
  ),
})).value;
const optional = <T>(arbitrary: fc.Arbitrary<T>) => fc.option(arbitrary, { nil: undefined });

const configInput = fc.record(
  {
    name: text.filter((name) => name.trim().length > 0 && name.trim().length <= 200),
    description: optional(text),
    system_prompt: text,
    temperature: optional(fc.option(fc.double({ min: 0, max: 2, noNaN: true }).map((n) => (n === 0 ? 0 : n)))),
    max_tokens: optional(fc.option(fc.integer({ min: 1, max: 10_000_000 }))),
    top_p: optional(fc.option(fc.double({ min: Number.MIN_VALUE, max: 1, noNaN: true }))),
    model: text.filter((model) => model.trim().length > 0 && model.trim().length <= 200),
    tools: optional(fc.uniqueArray(identifier, { maxLength: 4 })),
    mcp_servers: optional(
      fc.uniqueArray(fc.record({ name: identifier, url: fc.webUrl() }), { maxLength: 3, selector: (server) => server.name }),
    ),
    budgets: optional(
      fc.record(
        {
          max_cost_usd_per_task: fc.option(fc.double({ min: 0, max: 1e6, noNaN: true }).map((n) => (n === 0 ? 0 : n))),
          max_llm_calls_per_task: fc.option(fc.integer({ min: 1, max: 1000 })),
          max_tokens_per_task: fc.option(fc.integer({ min: 1, max: 1e9 })),
        },
        { requiredKeys: [] },
      ),
    ),
    policy_overrides: optional(fc.dictionary(key, json, { maxKeys: 4 })),
    extra: optional(fc.dictionary(key, json, { maxKeys: 4 })),
  },
  { requiredKeys: ['name', 'system_prompt', 'model'] },
);
const config: fc.Arbitrary<AgentConfig> = configInput.map((input) => parseConfig(JSON.parse(JSON.stringify(input))));

describe('serializeConfig', () => {
  it.each(FORMATS)(
    'writes %s that the config parser reads back to an equal config, and again to the same text',
    (format) => {
      fc.assert(
        fc.property(config, (original) => {
          const written = serializeConfig(original, format);
          const back = readBack(written);
          expect(back).toEqual(original);
          expect(contentHash(back)).toBe(contentHash(original));
          expect(serializeConfig(back, format)).toBe(written);
        }),
        { numRuns: 300 },
      );
    },
    60_000,
  );

  const prompt = 'You are the triage agent.\n\n  Indented example:\n\tTabbed line\nUnicode: café – 日本語 – 🚀\n\n';
  const full = parseConfig({
    name: 'Support triage',
    description: 'Routes tickets',
    system_prompt: prompt,
    temperature: 0.3,
    max_tokens: 800,
    top_p: 0.9,
    model: 'gpt-4.1',
    tools: ['search_kb', 'read_tickets'],
    mcp_servers: [{ name: 'kb', url: 'https://kb.acme.dev/mcp' }],
    budgets: { max_cost_usd_per_task: 0.25 },
    policy_overrides: { pii: 'redact' },
    extra: { team: { name: 'support', on_call: ['ann', 'bo'] } },
  });

  it('writes fields in FIELD_GROUPS order and a multiline prompt as a literal block, byte for byte', () => {
    expect(serializeConfig(full, 'yaml')).toBe(
      [
        'name: Support triage',
        'description: Routes tickets',
        'system_prompt: |+',
        '  You are the triage agent.',
        '',
        '    Indented example:',
        '  \tTabbed line',
        '  Unicode: café – 日本語 – 🚀',
        '',
        'temperature: 0.3',
        'max_tokens: 800',
        'top_p: 0.9',
        'model: gpt-4.1',
        'tools:',
        '  - read_tickets',
        '  - search_kb',
        'mcp_servers:',
        '  - name: kb',
        '    url: https://kb.acme.dev/mcp',
        'budgets:',
        '  max_cost_usd_per_task: 0.25',
        'policy_overrides:',
        '  pii: redact',
        'extra:',
        '  team:',
        '    name: support',
        '    on_call:',
        '      - ann',
        '      - bo',
        '',
      ].join('\n'),
    );
  });

  it('leaves out fields equal to their defaults, in both formats', () => {
    const minimal = parseConfig({ name: 'a', system_prompt: 'p', model: 'm' });
    expect(serializeConfig(minimal, 'yaml')).toBe('name: a\nsystem_prompt: p\nmodel: m\n');
    expect(JSON.parse(serializeConfig(minimal, 'json'))).toEqual({ name: 'a', system_prompt: 'p', model: 'm' });
    expect(Object.keys(JSON.parse(serializeConfig(full, 'json')))).toEqual([
      'name',
      'description',
      'system_prompt',
      'temperature',
      'max_tokens',
      'top_p',
      'model',
      'tools',
      'mcp_servers',
      'budgets',
      'policy_overrides',
      'extra',
    ]);
  });

  it('keeps a CRLF prompt exact by quoting it', () => {
    const crlf = parseConfig({ name: 'a', system_prompt: 'one\r\ntwo\r\n', model: 'm' });
    const written = serializeConfig(crlf, 'yaml');
    expect(written).toContain('system_prompt: "one\\r\\ntwo\\r\\n"');
    expect(readBack(written).system_prompt).toBe('one\r\ntwo\r\n');
  });
});
