import fc from 'fast-check';
import type { AgentConfig, JsonValue } from '../../../src/config/agent-config.js';
import { parseConfig } from '../../../src/config/parse-config.js';

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
/** Valid configs in canonical form, with texts and maps that stress a file format. */
export const arbitraryConfig: fc.Arbitrary<AgentConfig> = configInput.map((input) => parseConfig(JSON.parse(JSON.stringify(input))));
