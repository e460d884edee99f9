import { ValidationError } from '../errors/validation-error.js';

const RULE = 'must be a number with 0 < p < 100 and at most two decimals, e.g. 10, 12.5 or 0.25';

/** A plain decimal as typed: no sign, exponent, unit or thousands separator. */
export const PLAIN_DECIMAL = /^(\d+(\.\d*)?|\.\d+)$/;

/**
 * Checks a canary's candidate share in percent: 0 < p < 100 with at most two decimals (shares
 * move in steps of one bucket in 10,000, see assignArm). A string (a CLI flag) must be a plain
 * decimal: `10`, `12.5`, `0.25`; `1e1`, `10%` and `abc` are refused. Bad input is a
 * ValidationError (exit 2) naming `field` and the rule.
 * @example
 * checkCandidatePercent('12.5', '--percent'); // 12.5
 * checkCandidatePercent(12.345); // throws: percent: must be a number with 0 < p < 100 and at most two decimals …
 */
export function checkCandidatePercent(input: unknown, field = 'percent'): number {
  const fail = (): never => {
    throw new ValidationError([{ field, rule: `${RULE}, got ${JSON.stringify(input)}` }], 'canary');
  };
  const value = typeof input === 'string' ? (PLAIN_DECIMAL.test(input.trim()) ? Number(input.trim()) : fail()) : input;
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0 || value >= 100) return fail();
  if (Math.abs(Math.round(value * 100) - value * 100) > 1e-6) return fail();
  return Math.round(value * 100) / 100;
}
