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

const UNITS: Record<string, string> = { string: ' characters', array: ' items', set: ' items' };

/**
 * The rule an issue broke, in agentver's words. Rules written in the schemas are kept; zod's
 * own wording ("Too big: expected number to be <=10000000", "Invalid input") is rebuilt from the
 * issue's data, with the limit.
 */
function ruleOf(issue: z.core.$ZodIssue): string {
  const ours = !/^(Too big|Too small|Invalid)/.test(issue.message);
  if (ours) return issue.message;
  switch (issue.code) {
    case 'too_big':
      return `must be ${issue.inclusive === false ? 'less than' : 'at most'} ${issue.maximum}${UNITS[issue.origin] ?? ''}`;
    case 'too_small':
      return `must be ${issue.inclusive === false ? 'more than' : 'at least'} ${issue.minimum}${UNITS[issue.origin] ?? ''}`;
    case 'invalid_type': {
      const missing = /received (undefined|null)$/.test(issue.message);
      return missing ? `is required (a ${issue.expected})` : `must be a ${issue.expected}`;
    }
    case 'invalid_union':
      return 'must be a JSON value: a string, number, boolean, null, list or object';
    case 'invalid_value':
      return `must be one of ${issue.values.map((value) => JSON.stringify(value)).join(', ')}`;
    case 'invalid_format':
      return `must be a valid ${issue.format}`;
    default:
      return issue.message.replace(/^Invalid input: /, '');
  }
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
          : [{ field: fieldPath([...prefix, ...issue.path]), rule: ruleOf(issue) }],
      ),
      context,
    );
  }
}
