import { ValidationError } from '../errors/validation-error.js';
import { metricDirection } from './metric-direction.js';
import { type RolloutPolicy, rolloutPolicySchema } from './rollout-policy.js';

/**
 * Checks a rollout policy (from the CLI flags or a stored canary) and fills in the defaults;
 * bad input is a ValidationError naming each field and its rule, including metrics whose
 * direction is unknown.
 *
 * @example
 * parseRolloutPolicy({ primary: 'resolution_rate', guardrails: [parseGuardrail('cost_usd:+10%')], maxDays: 7 });
 */
export function parseRolloutPolicy(input: unknown): RolloutPolicy {
  const parsed = rolloutPolicySchema.safeParse(input ?? {});
  if (!parsed.success) throw ValidationError.fromZod(parsed.error, 'rollout policy');
  const policy = parsed.data;
  const problems: { field: string; rule: string }[] = [];
  const known = (metric: string, field: string) => {
    try {
      metricDirection(metric, policy.directions);
    } catch {
      problems.push({ field, rule: `"${metric}" is not a known metric (give its direction in directions)` });
    }
  };
  known(policy.primary, 'primary');
  policy.guardrails.forEach((g, i) => {
    known(g.metric, `guardrails[${i}].metric`);
  });
  if (problems.length > 0) throw new ValidationError(problems, 'rollout policy');
  return policy;
}
