import { createHash } from 'node:crypto';
import { ValidationError } from '../errors/validation-error.js';
import { type AgentConfig, agentConfigSchema, CONFIG_COLUMNS, CONFIG_FIELDS, type ConfigField, type JsonValue } from './agent-config.js';
import { checkConfigBounds } from './check-config-bounds.js';

/** The value with every object's keys sorted, so equal values serialize to equal JSON. */
export function sortKeys(value: JsonValue): JsonValue {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((key) => [key, sortKeys(value[key] as JsonValue)]),
    );
  }
  return value;
}

const byName = (a: { name: string }, b: { name: string }) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);

/**
 * Validates a config and puts it in canonical form: tools and MCP servers sorted by name (their
 * order carries no meaning), map keys sorted. Two configs are equal exactly when their canonical
 * JSON is, which is what `content_hash` and "no changes" rely on. Documents beyond CONFIG_BOUNDS
 * (depth, strings, bytes) or with a lone surrogate are refused first (checkConfigBounds).
 */
export function parseConfig(input: unknown): AgentConfig {
  checkConfigBounds(input);
  const result = agentConfigSchema.safeParse(input);
  if (!result.success) throw ValidationError.fromZod(result.error);
  const config = result.data as Record<ConfigField, unknown>;
  return Object.fromEntries(CONFIG_FIELDS.map((field) => [field, canonicalValue(field, config[field])])) as AgentConfig;
}

// Set-like lists are sorted (by name when their items are named), JSON maps by key.
function canonicalValue(field: ConfigField, value: unknown): unknown {
  const { diff, type } = CONFIG_COLUMNS[field];
  if (diff === 'list') return [...(value as string[])].sort();
  if (diff === 'named_list') return [...(value as Array<{ name: string }>)].sort(byName).map((item) => ({ ...item }));
  if (type === 'JSON') return sortKeys(value as JsonValue);
  return typeof value === 'object' && value !== null ? { ...value } : value;
}

// What a field is when a config leaves it out (null when it has no default).
const DEFAULTS = Object.fromEntries(
  CONFIG_FIELDS.map((field) => {
    const parsed = agentConfigSchema.shape[field].safeParse(undefined);
    return [field, JSON.stringify(sortKeys((parsed.success ? parsed.data : null) as JsonValue))];
  }),
);

/** What a field reads as when a stored version has no value for it (a column added after it was written). */
export function fieldDefault(field: ConfigField): unknown {
  return JSON.parse(DEFAULTS[field] as string);
}

/**
 * JSON with keys in a fixed order, so equal configs serialize to equal strings. Fields at their
 * default are left out, so adding a field to the schema changes the hash of no existing version.
 */
export function canonicalJson(config: AgentConfig): string {
  const set = Object.entries(sortKeys(config as unknown as JsonValue) as Record<string, JsonValue>).filter(
    ([field, value]) => JSON.stringify(value) !== DEFAULTS[field],
  );
  return JSON.stringify(Object.fromEntries(set));
}

/** sha256 of the canonical JSON: equal configs, equal hashes. */
export function contentHash(config: AgentConfig): string {
  return createHash('sha256').update(canonicalJson(config)).digest('hex');
}
