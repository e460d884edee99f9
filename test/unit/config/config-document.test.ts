import { decodeText, parseConfigDocument, ValidationError } from 'agentver';
import { describe, expect, it } from 'vitest';

/** The one problem of the ValidationError a call throws. */
function problem(run: () => unknown) {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).problems).toHaveLength(1);
    return (error as ValidationError).problems[0];
  }
  throw new Error('expected a ValidationError');
}

const bytes = (...values: number[]) => new Uint8Array(values);

describe('parseConfigDocument', () => {
  it('reads JSON when the text starts with "{", keeping its numbers as JSON reads them', () => {
    expect(parseConfigDocument('  {"temperature": 0.30000000000000004, "tools": ["a"], "extra": {"n": 1e3}}\n', 'triage.json')).toEqual({
      temperature: 0.30000000000000004,
      tools: ['a'],
      extra: { n: 1000 },
    });
  });

  it('reads YAML otherwise', () => {
    expect(
      parseConfigDocument(
        'name: Triage\ntemperature: 0.3\ntools: [read_tickets, search_kb]\nsystem_prompt: |\n  Line one.\n  Line two.\n',
        'triage.yaml',
      ),
    ).toEqual({
      name: 'Triage',
      temperature: 0.3,
      tools: ['read_tickets', 'search_kb'],
      system_prompt: 'Line one.\nLine two.\n',
    });
  });

  it('refuses a key given twice in JSON, at any depth, naming the source and where', () => {
    expect(problem(() => parseConfigDocument('{"model":"a","model":"b"}', 'triage.json'))).toMatchObject({
      field: 'triage.json',
      rule: expect.stringMatching(/^is not valid JSON: Map keys must be unique at line 1, column 14/),
    });
    expect(problem(() => parseConfigDocument('{"budgets": {"max_tokens_per_task": 1, "max_tokens_per_task": 2}}', 'f.json'))?.rule).toMatch(
      /^is not valid JSON: Map keys must be unique at line 1, column 40/,
    );
  });

  it('refuses a key given twice in YAML, naming the line', () => {
    expect(problem(() => parseConfigDocument('model: a\ntemperature: 0.3\nmodel: b\n', 'triage.yaml'))).toMatchObject({
      field: 'triage.yaml',
      rule: expect.stringMatching(/^is not valid YAML: Map keys must be unique at line 3, column 1/),
    });
  });

  it('refuses empty text, and text that is not JSON or YAML, with one line of the parser error', () => {
    expect(problem(() => parseConfigDocument(' \n\t', 'triage.yaml'))).toEqual({ field: 'triage.yaml', rule: 'is empty' });
    const json = problem(() => parseConfigDocument('{"a": 1,}', 'x.json'));
    expect(json?.field).toBe('x.json');
    expect(json?.rule).toMatch(/^is not valid JSON: .*position 8/); // JSON.parse's own wording, which varies with Node
    const yaml = problem(() => parseConfigDocument('tools: [a, b\n', 'x.yaml'));
    expect(yaml?.field).toBe('x.yaml');
    expect(yaml?.rule).toMatch(/^is not valid YAML: /);
    expect(yaml?.rule).not.toContain('\n');
  });

  it('uses the input context in its message', () => {
    expect(() => parseConfigDocument('', 'stdin')).toThrow('invalid input: stdin: is empty');
  });
});

describe('decodeText', () => {
  it('decodes UTF-8, multi-byte characters included', () => {
    expect(decodeText(new TextEncoder().encode('héllo ✓ 😀\n'), '--file')).toBe('héllo ✓ 😀\n');
    expect(decodeText(bytes(), '--file')).toBe('');
  });

  it('drops a leading byte-order mark, as the WHATWG UTF-8 decoder does', () => {
    expect(decodeText(bytes(0xef, 0xbb, 0xbf, 0x61), '--file')).toBe('a');
  });

  it('refuses bytes that are not UTF-8, naming the field and the offset of the first bad byte', () => {
    expect(problem(() => decodeText(bytes(0x68, 0x69, 0xff, 0x21), '--file', 'triage.yaml'))).toEqual({
      field: '--file',
      rule: 'triage.yaml is not valid UTF-8 (first bad byte at offset 2)',
    });
    // Latin-1 é in the middle of ASCII
    expect(problem(() => decodeText(bytes(0x63, 0x61, 0x66, 0xe9, 0x20, 0x6f, 0x6b), '--prompt-file'))).toEqual({
      field: '--prompt-file',
      rule: 'the text is not valid UTF-8 (first bad byte at offset 3)',
    });
  });

  it('refuses a sequence cut short at the end, overlong forms and surrogates', () => {
    expect(problem(() => decodeText(bytes(0x68, 0xc3), 'f'))?.rule).toBe('the text is not valid UTF-8 (first bad byte at offset 1)');
    expect(problem(() => decodeText(bytes(0xe2, 0x9c, 0x93, 0xe2, 0x9c), 'f'))?.rule).toBe(
      'the text is not valid UTF-8 (first bad byte at offset 3)',
    );
    expect(problem(() => decodeText(bytes(0xc0, 0xaf), 'f'))?.rule).toBe('the text is not valid UTF-8 (first bad byte at offset 0)');
    expect(problem(() => decodeText(bytes(0x61, 0xed, 0xa0, 0x80), 'f'))?.rule).toBe(
      'the text is not valid UTF-8 (first bad byte at offset 1)',
    );
  });

  it('says so in its message, in the input context', () => {
    expect(() => decodeText(bytes(0xff), 'stdin')).toThrow(
      'invalid input: stdin: the text is not valid UTF-8 (first bad byte at offset 0)',
    );
  });
});
