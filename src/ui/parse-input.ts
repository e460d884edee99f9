import { z } from 'zod';
import { ValidationError } from './backend.js';

/** A query or form field: an empty box in a form means "not given". */
const given = (value: unknown) => (value === '' ? undefined : value);

/** A version number from a query string or form. */
export const versionField = z.preprocess(
  given,
  z.coerce.number({ message: 'must be a version number' }).int('must be an integer').min(1, 'must be >= 1'),
);

/** A YYYY-MM-DD day, as the CLI's --since and --until take. */
export const dayField = z.preprocess(given, z.string().regex(/^\d{4}-\d\d-\d\d$/, 'must be a date like 2026-11-01'));

/** Parses request input, naming each field and rule that failed, as the CLI does. */
export function parseInput<T>(schema: z.ZodType<T>, input: unknown, context: string): T {
  const result = schema.safeParse(input);
  if (!result.success) throw ValidationError.fromZod(result.error, context);
  return result.data;
}
