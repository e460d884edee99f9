import { ValidationError } from '../errors/validation-error.js';
import { PLAIN_DECIMAL } from '../releases/candidate-percent.js';
import { rampSchema } from './rollout-policy.js';

/**
 * Parses the CLI ramp syntax: shares in percent separated by commas, `5,25,50,100`, each a plain
 * decimal, increasing, ending at 100 (rampSchema). Bad input is a ValidationError naming `field`
 * and the rule.
 * @example
 * parseRamp('5,25,50,100'); // [5, 25, 50, 100]
 * parseRamp('25,5,100', '--ramp'); // throws: --ramp: shares must increase
 */
export function parseRamp(text: string, field = 'ramp'): number[] {
  const parts = typeof text === 'string' ? text.split(',').map((part) => part.trim()) : [];
  const bad = parts.find((part) => !PLAIN_DECIMAL.test(part));
  if (parts.length === 0 || bad !== undefined) {
    throw new ValidationError(
      [{ field, rule: `must be shares in percent separated by commas, e.g. 5,25,50,100; "${bad ?? text}" is not a plain decimal` }],
      'rollout policy',
    );
  }
  const parsed = rampSchema.safeParse(parts.map(Number));
  if (!parsed.success) throw new ValidationError([{ field, rule: parsed.error.issues[0]?.message ?? 'is not a ramp' }], 'rollout policy');
  return parsed.data;
}
