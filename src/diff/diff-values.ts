import type { FieldGroup, JsonValue } from '../config/agent-config.js';
import type { ValueChange } from './types.js';

/** Structural equality that ignores key order, so configs built by hand compare like canonical ones. */
export function jsonEqual(a: JsonValue | undefined, b: JsonValue | undefined): boolean {
  if (a === b) return true;
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return false;
  if (Array.isArray(a) || Array.isArray(b)) {
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((item, index) => jsonEqual(item, b[index]));
  }
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((key) => Object.hasOwn(b, key) && jsonEqual(a[key], b[key]));
}

const entry = (map: Readonly<Record<string, JsonValue>>, key: string) => (Object.hasOwn(map, key) ? map[key] : undefined);

/**
 * Per-key changes between two maps, keys in sorted order (the canonical order of a config). A key
 * present on one side only gets `undefined` on the other, which renders as `(absent)` and stays
 * distinct from an explicit `null`.
 */
export function diffEntries(
  field: string,
  group: FieldGroup,
  before: Readonly<Record<string, JsonValue>>,
  after: Readonly<Record<string, JsonValue>>,
): ValueChange[] {
  const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
  return keys.flatMap((key): ValueChange[] => {
    const [from, to] = [entry(before, key), entry(after, key)];
    return jsonEqual(from, to) ? [] : [{ kind: 'value', field: `${field}.${key}`, group, before: from, after: to }];
  });
}
