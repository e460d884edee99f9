/** Every failure agentver reports has one of these codes; the CLI maps them to exit codes. */
export type ErrorCode =
  | 'invalid_input'
  | 'conflict'
  | 'no_changes'
  | 'not_found'
  | 'already_exists'
  | 'regression'
  | 'assertion_failed'
  | 'secrets_found'
  | 'backend'
  | 'internal';

/** Exit codes: 1 for an outcome the caller can act on, 2 for bad input, 3 when BigQuery (or agentver itself) failed. */
export const EXIT_CODES: Record<ErrorCode, number> = {
  conflict: 1,
  no_changes: 1,
  not_found: 1,
  already_exists: 1,
  regression: 1,
  assertion_failed: 1,
  secrets_found: 1,
  invalid_input: 2,
  backend: 3,
  internal: 3,
};

export class AgentverError extends Error {
  readonly code: ErrorCode;
  readonly hint: string | undefined;
  readonly details: Record<string, unknown>;

  constructor(code: ErrorCode, message: string, options: { hint?: string; details?: Record<string, unknown>; cause?: unknown } = {}) {
    super(message, { cause: options.cause });
    this.name = 'AgentverError';
    this.code = code;
    this.hint = options.hint;
    this.details = options.details ?? {};
  }

  get exitCode(): number {
    return EXIT_CODES[this.code];
  }

  toJSON() {
    return { error: { code: this.code, message: this.message, ...(this.hint ? { hint: this.hint } : {}), ...this.details } };
  }
}
