import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseConfigDocument } from '../../../src/config/config-document.js';
import { contentHash, parseConfig } from '../../../src/config/parse-config.js';
import { type ConfigFileFormat, serializeConfig } from '../../../src/config/serialize-config.js';
import { arbitraryConfig as config } from './arbitrary-config.js';

const readBack = (text: string) => parseConfig(parseConfigDocument(text, 'agent.yaml'));
const FORMATS: ConfigFileFormat[] = ['yaml', 'json'];

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
