import { ValidationError } from '../errors/validation-error.js';
import { type Direction, metricDirection } from './metric-direction.js';
import type { Guardrail } from './rollout-policy.js';

const SYNTAX = /^([a-z][a-z0-9_]{0,62}):([+-]?)(\d+(?:\.\d+)?|\.\d+)(%?)$/;

/**
 * Parses the CLI guardrail syntax `<metric>:<margin>`: an absolute non-inferiority margin in
 * the metric's units (`error_rate:+0.02`: the candidate may be at most 2 points worse) or a
 * relative one (`cost_usd:+10%`: at most 10% above the baseline). The sign, optional, must
 * point the way the metric gets worse: `+` for lower-is-better metrics, `-` for higher-is-better
 * ones (`grade_score:-0.05`). Errors are a ValidationError naming the field and the rule.
 *
 * @example
 * parseGuardrail('cost_usd:+10%'); // { metric: 'cost_usd', margin: 0.1, relative: true }
 * parseGuardrail('error_rate:+0.02'); // { metric: 'error_rate', margin: 0.02, relative: false }
 */
export function parseGuardrail(text: string, directions: Readonly<Record<string, Direction>> = {}, field = 'guardrail'): Guardrail {
  const fail = (rule: string): never => {
    throw new ValidationError([{ field, rule }], 'rollout policy');
  };
  const match = typeof text === 'string' ? SYNTAX.exec(text.trim()) : null;
  if (!match) {
    return fail(`"${String(text)}" is not <metric>:<margin>, e.g. error_rate:+0.02 or cost_usd:+10%`);
  }
  const [, metric = '', sign = '', number = '', percent = ''] = match;
  let direction: Direction;
  try {
    direction = metricDirection(metric, directions);
  } catch {
    return fail(`"${metric}" is not a known metric (give its direction in the policy)`);
  }
  const worse = direction === 'lower' ? '+' : '-';
  if (sign !== '' && sign !== worse) {
    return fail(`the margin of ${metric} must be ${worse === '+' ? 'an increase (+)' : 'a decrease (-)'}: ${direction} is better`);
  }
  const value = Number(number);
  const relative = percent === '%';
  const margin = relative ? value / 100 : value;
  if (!(margin > 0) || !Number.isFinite(margin)) return fail(`the margin of ${metric} must be a positive number`);
  if (relative && margin >= 1) return fail(`the relative margin of ${metric} must be below 100%`);
  return { metric, margin, relative };
}
