import type { JsonValue } from '../config/agent-config.js';

/**
 * Map entries hold arbitrary JSON, where `"5"` and `5` are different values, so their strings keep
 * their quotes. Top-level strings (a model, a URL) are always strings and read better bare, unless
 * a control character would break the one-line layout.
 */
const quotesString = (field: string, value: string) =>
  field.startsWith('policy_overrides.') || field.startsWith('extra.') || /\p{Cc}/u.test(value);

/** A value as one line: `(absent)` for a missing key, `(unset)` for null, compact JSON otherwise. */
export function formatValue(field: string, value: JsonValue | undefined): string {
  if (value === undefined) return '(absent)';
  if (value === null) return '(unset)';
  if (typeof value === 'string' && !quotesString(field, value)) return value;
  return JSON.stringify(value);
}

/** `(absent)` and `(unset)` describe a value rather than being one, so renderers set them apart. */
export const isPlaceholder = (value: JsonValue | undefined) => value === undefined || value === null;
