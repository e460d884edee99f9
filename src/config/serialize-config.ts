import { Document, parse as parseYaml, Scalar, stringify as stringifyYaml, type ToStringOptions, visit } from 'yaml';
import { jsonEqual } from '../diff/diff-values.js';
import { type AgentConfig, agentConfigSchema, budgetsSchema, CONFIG_FIELDS, type JsonValue } from './agent-config.js';

export type ConfigFileFormat = 'yaml' | 'json';

type Shape = Readonly<Record<string, { safeParse(value: undefined): { success: boolean; data?: unknown } }>>;

/** The entries of `value` in `order`, less those equal to what the schema fills in when absent. */
function withoutDefaults(shape: Shape, order: readonly string[], value: Readonly<Record<string, unknown>>): Record<string, JsonValue> {
  const out: Record<string, JsonValue> = {};
  for (const key of order) {
    const fallback = shape[key]?.safeParse(undefined);
    const item = value[key] as JsonValue;
    if (fallback?.success && jsonEqual(fallback.data as JsonValue, item)) continue;
    out[key] = item;
  }
  return out;
}

/** The config as a file holds it: fields in declaration order, values the schema defaults left out. */
function fileDocument(config: AgentConfig): Record<string, JsonValue> {
  const document = withoutDefaults(agentConfigSchema.shape, CONFIG_FIELDS, config);
  if (document.budgets !== undefined) {
    document.budgets = withoutDefaults(budgetsSchema.shape, Object.keys(budgetsSchema.shape), config.budgets);
  }
  return document;
}

// Quoted texts are written as JSON strings (valid YAML double-quoted scalars) on one line: yaml's
// own multi-line double-quoted form loses a line of one space after a control character.
const YAML_OPTIONS: ToStringOptions = { lineWidth: 0, blockQuote: 'literal', doubleQuotedAsJSON: true };

/** Whether yaml writes this text, as a map value, in a form that reads back exactly. */
function keepsExact(text: string): boolean {
  try {
    return parseYaml(stringifyYaml({ v: text }, YAML_OPTIONS)).v === text;
  } catch {
    return false;
  }
}

/**
 * YAML with multiline texts as literal block scalars where they read back exactly, quoted
 * elsewhere. yaml 2.9 writes some texts as blocks that read back different (a first line of
 * spaces only, `' \n'`, loses its spaces), so the parser judges each text, and then the whole
 * file: should it still differ, every multiline text is quoted, which is always exact.
 */
function toYaml(document: Record<string, JsonValue>): string {
  const write = (quoteAll: boolean) => {
    const yaml = new Document(document);
    visit(yaml, {
      Scalar(_, node) {
        if (typeof node.value === 'string' && node.value.includes('\n') && (quoteAll || !keepsExact(node.value))) {
          node.type = Scalar.QUOTE_DOUBLE;
        }
      },
    });
    return yaml.toString(YAML_OPTIONS);
  };
  const written = write(false);
  return jsonEqual(parseYaml(written), document) ? written : write(true);
}

/**
 * A config as a file `agentver create --file` and `plan` read back to an equal config (the round
 * trip is property-tested through the real parser): fields in `FIELD_GROUPS` order, and fields
 * equal to their defaults (empty description, null temperature, no tools…) left out, as a person
 * writes them. In YAML a multiline prompt is a literal block scalar, byte for byte (`|-`, `|+` and
 * indentation indicators keep trailing newlines and leading spaces); lines are never folded, so a
 * pull request diffs prompts line by line. A text that no block scalar can hold exactly (a CR, a
 * control character, a first line of spaces only) is written double-quoted with escapes.
 *
 * @example
 * serializeConfig(parseConfig({ name: 'Triage', system_prompt: 'Be brief.\nCite sources.\n', model: 'gpt-4.1' }), 'yaml')
 * // 'name: Triage\nsystem_prompt: |\n  Be brief.\n  Cite sources.\nmodel: gpt-4.1\n'
 */
export function serializeConfig(config: AgentConfig, format: ConfigFileFormat): string {
  const document = fileDocument(config);
  if (format === 'json') return `${JSON.stringify(document, null, 2)}\n`;
  return toYaml(document);
}
