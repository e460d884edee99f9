import { z } from 'zod';

/**
 * BigQuery's rule for a dataset id (letters, digits, underscores, at most 1,024): the one
 * declaration of it. Dataset ids are written into SQL (BigQuery takes no identifier as a
 * parameter), so this rule is also what keeps them safe there.
 */
export const DATASET_ID = /^[A-Za-z0-9_]{1,1024}$/;
export const DATASET_RULE = 'must use only letters, digits and underscores (at most 1024)';
export const datasetIdSchema = z.string().regex(DATASET_ID, DATASET_RULE);

/** A GCP project id (6–30 characters in the console; older and domain-scoped ids are longer). */
export const PROJECT_ID = /^[a-z][a-z0-9:.-]{3,62}$/;
export const projectIdSchema = z.string().regex(PROJECT_ID, 'must be a GCP project id such as my-project-123');

/** Whether YYYY-MM-DD names a day of the calendar (JavaScript reads 2026-02-30 as 2 March). */
export function isCalendarDate(text: string): boolean {
  const match = /^(\d{4})-(\d\d)-(\d\d)/.exec(text);
  if (!match) return false;
  const [year, month, day] = match.slice(1).map(Number) as [number, number, number];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/** A day, YYYY-MM-DD, that exists. */
export const calendarDateSchema = z
  .string()
  .regex(/^\d{4}-\d\d-\d\d$/, 'must be a date like 2026-11-01')
  .refine(isCalendarDate, 'is not a day of the calendar');
