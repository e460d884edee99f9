import { z } from 'zod';
import { agentConfigSchema, CONFIG_COLUMNS, CONFIG_FIELDS, MAX_SYSTEM_PROMPT_BYTES } from './agent-config.js';

// What the JSON Schema cannot say by itself: rules checked by code, and how values are stored.
const NOTES: Partial<Record<(typeof CONFIG_FIELDS)[number], string>> = {
  system_prompt: `At most ${MAX_SYSTEM_PROMPT_BYTES} bytes of UTF-8 (256 KiB); stored byte for byte.`,
  tools: 'Names must not repeat. Stored sorted: their order carries no meaning.',
  mcp_servers: 'Names must not repeat; URLs are http(s) or ws(s). Stored sorted by name.',
  policy_overrides: 'Keys are stored sorted.',
  extra: 'Unknown top-level fields are refused: put a team’s own fields here. Keys are stored sorted.',
};

/**
 * The JSON Schema (draft 2020-12) of a config file, made from the zod schema, with each field's
 * description from the field declaration: what `agentver schema` prints, for editors and CI.
 * @example
 * configJsonSchema().properties.temperature // { default: null, anyOf: [{ type: 'number', minimum: 0, maximum: 2 }, { type: 'null' }], description: … }
 */
export function configJsonSchema(): Record<string, unknown> & { properties: Record<string, Record<string, unknown>> } {
  const schema = z.toJSONSchema(agentConfigSchema, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown> & {
    properties: Record<string, Record<string, unknown>>;
  };
  for (const field of CONFIG_FIELDS) {
    const property = schema.properties[field];
    if (property) property.description = [CONFIG_COLUMNS[field].description, NOTES[field]].filter(Boolean).join(' ');
  }
  return {
    ...schema,
    title: 'agentver agent config',
    description:
      'One agent version: `agentver create <agent> --file` and `edit --file` read it as YAML or JSON. The agent id is given on the command line: it starts with a lowercase letter and uses only a-z, 0-9, _ and - (at most 100). A key given twice is refused.',
  };
}
