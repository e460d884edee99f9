import type { z } from 'zod';
import { AgentverError } from './agentver-error.js';

export interface FieldProblem {
  /** Dotted path of the field, e.g. `budgets.max_cost_usd_per_task` or `tools[2]`. */
  field: string;
  rule: string;
}

function fieldPath(path: ReadonlyArray<PropertyKey>): string {
  return path.reduce<string>(
    (text, key) => (typeof key === 'number' ? `${text}[${key}]` : text ? `${text}.${String(key)}` : String(key)),
    '',
  );
}

// zod's own wording for a missing value ("Invalid input: expected string, received undefined").
function readable(message: string): string {
  if (/received (undefined|null)$/.test(message))
    return `is required (${message.replace(/^Invalid input: /, '').replace(/, received (undefined|null)$/, '')})`;
  return message.replace(/^Invalid input: /, '');
}

/** Bad input: names each field and the rule it broke. Nothing has been written when it is thrown. */
export class ValidationError extends AgentverError {
  readonly problems: FieldProblem[];

  constructor(problems: FieldProblem[], context = 'config') {
    const lines = problems.map((problem) => `${problem.field || context}: ${problem.rule}`);
    super('invalid_input', `invalid ${context}: ${lines.join('; ')}`, { details: { problems } });
    this.name = 'ValidationError';
    this.problems = problems;
  }

  static fromZod(error: z.ZodError, context = 'config', prefix: ReadonlyArray<PropertyKey> = []): ValidationError {
    return new ValidationError(
      error.issues.flatMap((issue) =>
        issue.code === 'unrecognized_keys'
          ? issue.keys.map((key) => ({
              field: fieldPath([...prefix, ...issue.path, key]),
              rule: 'is not a known field (team fields go under "extra")',
            }))
          : [{ field: fieldPath([...prefix, ...issue.path]), rule: readable(issue.message) }],
      ),
      context,
    );
  }
}
