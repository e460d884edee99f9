import { z } from 'zod';

/** Largest system prompt accepted, in UTF-8 bytes: far above real prompts, far below BigQuery's 10 MB row limit. */
export const MAX_SYSTEM_PROMPT_BYTES = 256 * 1024;
const IDENTIFIER = /^[A-Za-z][A-Za-z0-9_.:-]{0,127}$/;

// An integer past 2^53 has already lost digits by the time it is a JS number: refuse it, so a
// value is never stored different from what was written. (Quote it to keep it as a string.)
const jsonNumber = z
  .number()
  .refine((n) => Number.isFinite(n), 'must be a finite number')
  .refine(
    (n) => !Number.isInteger(n) || Number.isSafeInteger(n),
    'is an integer too large to store exactly (beyond 2^53); quote it as a string',
  );
const jsonValue: z.ZodType<JsonValue> = z.lazy(() =>
  z.union([z.string(), jsonNumber, z.boolean(), z.null(), z.array(jsonValue), z.record(z.string(), jsonValue)]),
);
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

const utf8Bytes = (text: string) => Buffer.byteLength(text, 'utf8');

export const mcpServerSchema = z
  .object({
    name: z.string().regex(IDENTIFIER, 'must start with a letter and use only letters, digits, _ . : - (at most 128)'),
    url: z
      .string()
      .max(2048)
      .refine((url) => /^(https?|wss?):\/\/[^\s]+$/i.test(url), 'must be an http(s) or ws(s) URL, e.g. https://kb.example.com/mcp'),
  })
  .strict();
export type McpServer = z.infer<typeof mcpServerSchema>;

export const budgetsSchema = z
  .object({
    max_cost_usd_per_task: z.number().nonnegative('must be >= 0').nullable().default(null),
    max_llm_calls_per_task: z.number().int('must be an integer').positive('must be >= 1').nullable().default(null),
    max_tokens_per_task: z.number().int('must be an integer').positive('must be >= 1').nullable().default(null),
  })
  .strict();
export type Budgets = z.infer<typeof budgetsSchema>;

const uniqueNames = (names: string[]) => new Set(names).size === names.length;

/**
 * An agent's whole configuration, grouped the way the diff shows it:
 * metadata (name, description), behavior (system_prompt, temperature, max_tokens, top_p),
 * capabilities (model, tools, mcp_servers), guardrails (budgets, policy_overrides),
 * and `extra` for fields a team adds. Unknown top-level fields are refused, so a typo
 * never becomes a silent no-op: put team fields under `extra`.
 */
export const agentConfigSchema = z
  .object({
    // metadata
    name: z.string().trim().min(1, 'must not be empty').max(200, 'must be at most 200 characters'),
    description: z.string().max(10_000, 'must be at most 10000 characters').default(''),
    // behavior
    system_prompt: z
      .string()
      .refine((prompt) => utf8Bytes(prompt) <= MAX_SYSTEM_PROMPT_BYTES, `must be at most ${MAX_SYSTEM_PROMPT_BYTES} bytes (UTF-8)`),
    temperature: z.number().min(0, 'must be between 0 and 2').max(2, 'must be between 0 and 2').nullable().default(null),
    max_tokens: z.number().int('must be an integer').min(1, 'must be >= 1').max(10_000_000).nullable().default(null),
    top_p: z.number().gt(0, 'must be > 0 and <= 1').max(1, 'must be > 0 and <= 1').nullable().default(null),
    // capabilities
    model: z.string().trim().min(1, 'must not be empty').max(200),
    tools: z
      .array(z.string().regex(IDENTIFIER, 'must start with a letter and use only letters, digits, _ . : - (at most 128)'))
      .refine(uniqueNames, 'must not repeat a tool')
      .default([]),
    mcp_servers: z
      .array(mcpServerSchema)
      .refine((servers) => uniqueNames(servers.map((server) => server.name)), 'must not repeat a server name')
      .default([]),
    // guardrails
    budgets: budgetsSchema.default({ max_cost_usd_per_task: null, max_llm_calls_per_task: null, max_tokens_per_task: null }),
    policy_overrides: z.record(z.string().min(1), jsonValue).default({}),
    // team fields
    extra: z.record(z.string().min(1), jsonValue).default({}),
  })
  .strict();

/** A validated configuration with every field present (absent optional fields are null or empty). */
export type AgentConfig = z.output<typeof agentConfigSchema>;
/** What a user may write: optional fields can be left out. */
export type AgentConfigInput = z.input<typeof agentConfigSchema>;

export type ConfigField = keyof AgentConfig;
export type FieldGroup = 'metadata' | 'behavior' | 'capabilities' | 'guardrails' | 'extra';

/** A scalar BigQuery type, as a column or as a member of an ARRAY or STRUCT. */
export type ScalarType = 'STRING' | 'INT64' | 'FLOAT64' | 'BOOL' | 'TIMESTAMP';
/**
 * The BigQuery type of a config column, as a tree: the DDL, the write's parameters and SQL, the
 * read-back and the decoding of a row are all derived from it. Arrays of structs have STRING
 * members only: the emulator keeps non-string array parameters as strings.
 */
export type ColumnType =
  | ScalarType
  | 'JSON'
  | { readonly arrayOf: 'STRING' }
  | { readonly struct: Readonly<Record<string, ScalarType>> }
  | { readonly arrayOfStruct: Readonly<Record<string, 'STRING'>> };

/**
 * How the diff shows a field: `text` word by word with line numbers, `list` as added/removed
 * items, `named_list` matched by name (a changed URL is one change), `entries` key by key, `value` whole.
 */
export type DiffKind = 'text' | 'list' | 'named_list' | 'entries' | 'value';

export interface ConfigColumn {
  readonly type: ColumnType;
  readonly group: FieldGroup;
  readonly diff: DiffKind;
  /** NOT NULL in a new table. Columns added to an existing table are always nullable (BigQuery's rule). */
  readonly required?: true;
  /** For the DDL, the Dataform docs and `agentver schema`. */
  readonly description: string;
}

/**
 * The one table of config fields: each is stored in the agent_configs column of the same name,
 * with this type, and shown in this diff group. With the zod schema above it is the whole
 * declaration of a field: the SQL files (`npm run generate`), the Dataform include, the row
 * decoding, patches, diff order and blame all derive from it. The compiler checks that it
 * names every schema field and no other; the order here is the order of diff, blame and output.
 */
export const CONFIG_COLUMNS = {
  name: { type: 'STRING', group: 'metadata', diff: 'value', required: true, description: 'Display name.' },
  description: { type: 'STRING', group: 'metadata', diff: 'text', required: true, description: 'What the agent is for.' },
  system_prompt: { type: 'STRING', group: 'behavior', diff: 'text', required: true, description: 'System prompt, byte-exact.' },
  temperature: { type: 'FLOAT64', group: 'behavior', diff: 'value', description: 'Sampling temperature, 0..2.' },
  max_tokens: { type: 'INT64', group: 'behavior', diff: 'value', description: 'Output token limit per LLM call.' },
  top_p: { type: 'FLOAT64', group: 'behavior', diff: 'value', description: 'Nucleus sampling, (0, 1].' },
  model: { type: 'STRING', group: 'capabilities', diff: 'value', required: true, description: 'LLM model name.' },
  tools: { type: { arrayOf: 'STRING' }, group: 'capabilities', diff: 'list', description: 'Tool names, sorted.' },
  mcp_servers: {
    type: { arrayOfStruct: { name: 'STRING', url: 'STRING' } },
    group: 'capabilities',
    diff: 'named_list',
    description: 'MCP servers (name, url), sorted by name.',
  },
  budgets: {
    type: { struct: { max_cost_usd_per_task: 'FLOAT64', max_llm_calls_per_task: 'INT64', max_tokens_per_task: 'INT64' } },
    group: 'guardrails',
    diff: 'entries',
    description: 'Per-task budgets: cost in USD, LLM calls, tokens.',
  },
  policy_overrides: { type: 'JSON', group: 'guardrails', diff: 'entries', description: 'Policy overrides, a JSON object.' },
  extra: { type: 'JSON', group: 'extra', diff: 'entries', description: "A team's own fields, a JSON object." },
} as const satisfies Record<ConfigField, ConfigColumn>;

export const CONFIG_FIELDS = Object.keys(CONFIG_COLUMNS) as ConfigField[];

const GROUP_ORDER: readonly FieldGroup[] = ['metadata', 'behavior', 'capabilities', 'guardrails', 'extra'];

/** Field order and grouping used by diff, blame and the table output. */
export const FIELD_GROUPS: ReadonlyArray<readonly [FieldGroup, readonly ConfigField[]]> = GROUP_ORDER.map(
  (group) => [group, CONFIG_FIELDS.filter((field) => configColumn(field).group === group)] as const,
);

export function configColumn(field: ConfigField): ConfigColumn {
  return CONFIG_COLUMNS[field];
}

/** Agent ids become part of `agent_version_id` (`support_triage@42`), so they stay plain. */
export const agentIdSchema = z
  .string()
  .regex(/^[a-z][a-z0-9_-]{0,99}$/, 'must start with a lowercase letter and use only a-z, 0-9, _ and - (at most 100)');
