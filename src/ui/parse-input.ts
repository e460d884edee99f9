import { z } from 'zod';
import { ValidationError } from './backend.js';

/** A field sent as text (query strings and forms send nothing else): "is required" when it is missing, `rule` when it is not text. */
const text = (rule: string) => z.string({ error: (issue) => (issue.input === undefined ? 'is required' : rule) });

/** Query and form fields without the empty ones, so `.optional()` takes an empty box as not given. */
function withoutEmptyBoxes(input: unknown): unknown {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) return input;
  return Object.fromEntries(Object.entries(input).filter(([, value]) => value !== ''));
}

/** What the user sent, quoted in a rule, cut short so a pasted essay stays out of the page. */
const shown = (text: string) => JSON.stringify(text.length > 40 ? `${text.slice(0, 40)}…` : text);

/** Why `text` is not a version number, or undefined when it is one. */
function versionProblem(text: string): string | undefined {
  if (/^\d+$/.test(text)) {
    const version = Number(text);
    if (version < 1) return `must be at least 1 (got ${text})`;
    if (!Number.isSafeInteger(version)) return `must be at most ${Number.MAX_SAFE_INTEGER} (got ${shown(text)})`;
    return undefined;
  }
  if (/^-\d+(\.\d*)?$/.test(text)) return `must be at least 1 (got ${shown(text)})`;
  if (/^\d*\.\d+$|^\d+\.$/.test(text)) return `must be a whole number (got ${shown(text)})`;
  return `must be a version number, a whole number like 3 (got ${shown(text)})`;
}

/**
 * A version number from a query string or form: digits only, from 1 to 2^53 − 1 (JavaScript
 * counts exactly up to there; INT64 goes further), so `abc`, `-1`, `1.5`, `1e3` and a 20-digit
 * number are each refused with their own rule rather than reaching BigQuery.
 */
export const versionField = text('must be a version number, a whole number like 3').transform((raw, ctx) => {
  const value = raw.trim();
  const problem = versionProblem(value);
  if (problem === undefined) return Number(value);
  ctx.addIssue({ code: 'custom', message: problem });
  return z.NEVER;
});

const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

const isLeapYear = (year: number) => (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;

/** Why a YYYY-MM-DD text is not a day of the calendar (BigQuery's DATE: 0001-01-01 to 9999-12-31), or undefined. */
function calendarProblem(text: string): string | undefined {
  const [year = 0, month = 0, day = 0] = text.split('-').map(Number);
  const rule = 'must be a real calendar date YYYY-MM-DD';
  if (year < 1) return `${rule}: years start at 0001 (got ${text})`;
  if (month < 1 || month > 12) return `${rule}: there is no month ${month} (got ${text})`;
  const days = month === 2 && isLeapYear(year) ? 29 : (MONTH_DAYS[month - 1] as number);
  if (day < 1 || day > days) return `${rule}: ${text.slice(0, 7)} has days 01 to ${days} (got ${text})`;
  return undefined;
}

/** A YYYY-MM-DD day of the calendar, as the CLI's --since and --until take: 2026-13-45 is refused here, not by BigQuery. */
export const dayField = text('must be a date like 2026-11-01').transform((raw, ctx) => {
  const value = raw.trim();
  const problem = /^\d{4}-\d\d-\d\d$/.test(value)
    ? calendarProblem(value)
    : `must be a date like 2026-11-01 (a real calendar date YYYY-MM-DD; got ${shown(value)})`;
  if (problem === undefined) return value;
  ctx.addIssue({ code: 'custom', message: problem });
  return z.NEVER;
});

/** Parses request input, naming each field and rule that failed, as the CLI does. An empty box in a form is a field not given. */
export function parseInput<T>(schema: z.ZodType<T>, input: unknown, context: string): T {
  const result = schema.safeParse(withoutEmptyBoxes(input));
  if (!result.success) throw ValidationError.fromZod(result.error, context);
  return result.data;
}
