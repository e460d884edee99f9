import type { z } from 'zod';
import { ValidationError } from '../errors/validation-error.js';

/** A zod error about parsed options, with the options named as typed: `detectRate` → `--detect-rate`. */
export function optionError(error: z.ZodError): ValidationError {
  const problems = ValidationError.fromZod(error, 'option').problems.map((problem) => ({
    ...problem,
    field: `--${problem.field.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`)}`,
  }));
  return new ValidationError(problems, 'option');
}
