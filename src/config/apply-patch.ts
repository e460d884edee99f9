import { ValidationError } from '../errors/validation-error.js';
import {
  type AgentConfig,
  type AgentConfigInput,
  CONFIG_COLUMNS,
  CONFIG_FIELDS,
  type ColumnType,
  type ConfigField,
} from './agent-config.js';
import { parseConfig } from './parse-config.js';

/** A change to some fields of a config; everything it does not name stays as it was. */
export interface ConfigPatch {
  /** Field paths to values: `temperature`, `budgets.max_cost_usd_per_task`, `policy_overrides.pii`, `extra.team`. */
  set?: Record<string, unknown>;
  /** Field paths to clear: optional scalars become null, map entries are removed. */
  unset?: string[];
  addTools?: string[];
  removeTools?: string[];
  systemPrompt?: string;
}

const isNumber = (type: ColumnType) => type === 'INT64' || type === 'FLOAT64';
const columns = CONFIG_FIELDS.map((field) => [field, CONFIG_COLUMNS[field].type] as const);
// Fields with sub-fields: a STRUCT's members, a JSON object's keys.
const NESTED = new Set<string>(
  columns.filter(([, type]) => type === 'JSON' || (typeof type === 'object' && 'struct' in type)).map(([field]) => field),
);
// Paths whose value is a number: numeric columns and numeric members of a STRUCT.
const NUMERIC = new Set(
  columns.flatMap(([field, type]) =>
    typeof type === 'object' && 'struct' in type
      ? Object.entries(type.struct)
          .filter(([, member]) => isNumber(member))
          .map(([member]) => `${field}.${member}`)
      : isNumber(type)
        ? [field]
        : [],
  ),
);
// Fields written as JSON on the command line: lists, maps and structs.
const STRUCTURED = new Set<string>(columns.filter(([, type]) => typeof type === 'object' || type === 'JSON').map(([field]) => field));
// A decimal number as people write it: no hex, octal, binary, Infinity or a bare sign.
const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

function splitPath(path: string): [string, string | undefined] {
  const dot = path.indexOf('.');
  return dot < 0 ? [path, undefined] : [path.slice(0, dot), path.slice(dot + 1)];
}

/**
 * Reads the text of `--set field=value` as the field's type: numbers for numeric fields, JSON for
 * lists, maps and map entries (falling back to the plain string), the text itself otherwise.
 * `null` clears an optional field.
 */
export function parseSetValue(path: string, text: string): unknown {
  const [field, key] = splitPath(path);
  if (text === 'null') return null;
  if (NUMERIC.has(path)) {
    const number = Number(text.trim());
    if (!DECIMAL.test(text.trim()) || !Number.isFinite(number))
      throw new ValidationError(
        [{ field: path, rule: `must be a number, written in decimals such as 0.5 or 1e-3; got "${text}"` }],
        'edit',
      );
    return number;
  }
  if (STRUCTURED.has(field)) {
    try {
      return JSON.parse(text);
    } catch {
      if (key === undefined) throw new ValidationError([{ field: path, rule: 'must be JSON (a list or an object)' }], 'edit');
      return text;
    }
  }
  return text;
}

/** Applies a patch to a config and validates the result. Throws ValidationError naming the field. */
export function applyPatch(base: AgentConfig, patch: ConfigPatch): AgentConfig {
  const next = structuredClone(base) as unknown as Record<string, unknown>;
  const problems: { field: string; rule: string }[] = [];

  const assign = (path: string, value: unknown, remove: boolean) => {
    const [field, key] = splitPath(path);
    if (key === undefined) {
      if (remove && field !== undefined && field in next) next[field] = Array.isArray(next[field]) ? [] : NESTED.has(field) ? {} : null;
      else next[field] = value;
      return;
    }
    if (!NESTED.has(field)) {
      problems.push({ field: path, rule: `${field} has no sub-fields (only ${[...NESTED].join(', ')} do)` });
      return;
    }
    if (CONFIG_COLUMNS[field as ConfigField].type !== 'JSON') {
      // a STRUCT: a member is cleared to NULL, never removed
      next[field] = { ...(next[field] as Record<string, unknown>), [key]: remove ? null : value };
      return;
    }
    // policy_overrides.a.b and extra.a.b reach into nested objects.
    const root = structuredClone(next[field] as Record<string, unknown>);
    const keys = key.split('.');
    let node: Record<string, unknown> = root;
    for (const part of keys.slice(0, -1)) {
      const child = node[part];
      if (child === undefined && !remove) node[part] = {};
      else if (child === null || typeof child !== 'object' || Array.isArray(child)) {
        if (!remove) problems.push({ field: path, rule: `${part} is not an object, so it has no sub-fields` });
        return;
      }
      node = node[part] as Record<string, unknown>;
    }
    const last = keys[keys.length - 1] as string;
    if (remove) delete node[last];
    else node[last] = value;
    next[field] = root;
  };

  const unset = new Set(patch.unset ?? []);
  for (const path of Object.keys(patch.set ?? {})) {
    if (unset.has(path)) problems.push({ field: path, rule: 'is both set and unset; give one of --set and --unset' });
  }
  if (patch.systemPrompt !== undefined && (unset.has('system_prompt') || 'system_prompt' in (patch.set ?? {}))) {
    problems.push({ field: 'system_prompt', rule: 'is given twice; give one of --prompt-file, --set and --unset' });
  }

  for (const [path, value] of Object.entries(patch.set ?? {})) assign(path, value, false);
  for (const path of patch.unset ?? []) assign(path, undefined, true);
  if (patch.systemPrompt !== undefined) next.system_prompt = patch.systemPrompt;

  const tools = new Set(next.tools as string[]);
  for (const tool of patch.addTools ?? []) {
    if (tools.has(tool)) problems.push({ field: 'tools', rule: `already has ${tool}` });
    tools.add(tool);
  }
  for (const tool of patch.removeTools ?? []) {
    if (!tools.delete(tool)) problems.push({ field: 'tools', rule: `has no ${tool} to remove` });
  }
  next.tools = [...tools];

  if (problems.length > 0) throw new ValidationError(problems, 'edit');
  return parseConfig(next as AgentConfigInput);
}
