import { parseDocument, parse as parseYaml, YAMLParseError } from 'yaml';
import { ValidationError } from '../errors/validation-error.js';

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Text from bytes that must be UTF-8. A byte sequence that is not is refused, naming where it is,
 * rather than turned into U+FFFD, which would store a prompt different from the file.
 */
export function decodeText(bytes: Uint8Array, field: string, what = 'the text'): string {
  try {
    return utf8.decode(bytes);
  } catch {
    let good = bytes.length;
    // the longest prefix that decodes: the bad byte is right after it (a lead byte at most 3 back)
    while (good > 0) {
      try {
        utf8.decode(bytes.subarray(0, good));
        break;
      } catch {
        good--;
      }
    }
    throw new ValidationError([{ field, rule: `${what} is not valid UTF-8 (first bad byte at offset ${good})` }], 'input');
  }
}

/**
 * Parses a config document: JSON when it starts with `{` (read as JSON, so its numbers stay
 * exact), YAML otherwise. A key given twice is refused in both, since keeping either copy would
 * silently drop the other.
 */
export function parseConfigDocument(text: string, source: string): unknown {
  const trimmed = text.trim();
  if (trimmed === '') throw new ValidationError([{ field: source, rule: 'is empty' }], 'input');
  if (trimmed.startsWith('{')) {
    let value: unknown;
    try {
      value = JSON.parse(trimmed);
    } catch (error) {
      throw new ValidationError([{ field: source, rule: `is not valid JSON: ${(error as Error).message}` }], 'input');
    }
    // JSON.parse keeps the last of two equal keys; JSON is YAML, whose parser reports them.
    const duplicate = parseDocument(trimmed, { uniqueKeys: true, schema: 'json' }).errors.find((error) => error.code === 'DUPLICATE_KEY');
    if (duplicate) throw new ValidationError([{ field: source, rule: `is not valid JSON: ${firstLine(duplicate.message)}` }], 'input');
    return value;
  }
  try {
    return parseYaml(text, { prettyErrors: true, uniqueKeys: true });
  } catch (error) {
    const message = error instanceof YAMLParseError ? firstLine(error.message) : String(error);
    throw new ValidationError([{ field: source, rule: `is not valid YAML: ${message}` }], 'input');
  }
}

const firstLine = (text: string) => text.split('\n')[0] as string;
