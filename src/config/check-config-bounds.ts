import { ValidationError } from '../errors/validation-error.js';

/**
 * What a config may hold, checked before anything else reads it (the schema, the secret scan,
 * BigQuery): deeper nesting overflows every recursive reader (a stored config that `show` and
 * `export` cannot read back), and many or huge strings make the scan and the write take minutes
 * and gigabytes. BigQuery's own row limit is 100 MB; a config is a few kilobytes.
 */
export const CONFIG_BOUNDS = {
  /** Levels of objects and arrays inside the document (the document itself is level 1). */
  maxDepth: 32,
  /** Strings and object keys in all. */
  maxStrings: 20_000,
  /** UTF-8 bytes of every string and key together. */
  maxBytes: 2_000_000,
} as const;

// A UTF-16 surrogate not in a pair: JSON can carry it ("\ud800"), UTF-8 cannot, so it would be
// stored as U+FFFD while the content hash was taken of the original.
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

const pathText = (path: readonly (string | number)[]) =>
  path.reduce<string>((text, key) => (typeof key === 'number' ? `${text}[${key}]` : text ? `${text}.${key}` : key), '');

/**
 * Refuses a config document beyond CONFIG_BOUNDS, or with a lone surrogate in a string or key:
 * a ValidationError naming the field (its path) and the rule. Walks without recursion, so any
 * depth is refused rather than overflowing the stack; stops at the first problem.
 *
 * Cost: O(size of the document).
 *
 * @example
 * checkConfigBounds({ name: 'a', extra: { note: 'a\ud800b' } });
 * // throws: invalid config: extra.note: has a lone UTF-16 surrogate (…), which UTF-8 cannot store
 */
export function checkConfigBounds(input: unknown): void {
  const fail = (path: readonly (string | number)[], rule: string): never => {
    throw new ValidationError([{ field: pathText(path) || 'config', rule }]);
  };
  let strings = 0;
  let bytes = 0;
  const text = (value: string, path: readonly (string | number)[], what: string) => {
    strings++;
    bytes += Buffer.byteLength(value, 'utf8');
    if (strings > CONFIG_BOUNDS.maxStrings) {
      fail(path, `makes the config hold more than ${CONFIG_BOUNDS.maxStrings.toLocaleString('en-US')} strings and keys (the limit)`);
    }
    if (bytes > CONFIG_BOUNDS.maxBytes) {
      fail(path, `makes the config's text larger than ${CONFIG_BOUNDS.maxBytes.toLocaleString('en-US')} bytes (the limit)`);
    }
    if (LONE_SURROGATE.test(value))
      fail(path, `${what} has a lone UTF-16 surrogate (e.g. \\ud800 without its pair), which UTF-8 cannot store`);
  };
  const stack: { value: unknown; path: (string | number)[]; depth: number }[] = [{ value: input, path: [], depth: 0 }];
  while (stack.length > 0) {
    const { value, path, depth } = stack.pop() as (typeof stack)[number];
    if (typeof value === 'string') {
      text(value, path, 'the text');
      continue;
    }
    if (value === null || typeof value !== 'object') continue;
    if (depth + 1 > CONFIG_BOUNDS.maxDepth)
      fail(path, `nests deeper than ${CONFIG_BOUNDS.maxDepth} levels of objects and arrays (the limit)`);
    if (Array.isArray(value)) {
      value.forEach((item, i) => {
        stack.push({ value: item, path: [...path, i], depth: depth + 1 });
      });
      continue;
    }
    for (const [key, item] of Object.entries(value)) {
      text(key, [...path, key], 'the key');
      stack.push({ value: item, path: [...path, key], depth: depth + 1 });
    }
  }
}
