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

/** Field order and grouping used by diff, blame and the table output. */
export const FIELD_GROUPS: ReadonlyArray<readonly [FieldGroup, readonly ConfigField[]]> = [
  ['metadata', ['name', 'description']],
  ['behavior', ['system_prompt', 'temperature', 'max_tokens', 'top_p']],
  ['capabilities', ['model', 'tools', 'mcp_servers']],
  ['guardrails', ['budgets', 'policy_overrides']],
  ['extra', ['extra']],
];

export const CONFIG_FIELDS: readonly ConfigField[] = FIELD_GROUPS.flatMap(([, fields]) => fields);

/** Agent ids become part of `agent_version_id` (`support_triage@42`), so they stay plain. */
export const agentIdSchema = z
  .string()
  .regex(/^[a-z][a-z0-9_-]{0,99}$/, 'must start with a lowercase letter and use only a-z, 0-9, _ and - (at most 100)');
