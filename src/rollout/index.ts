/** Guarded rollouts: the policy, its CLI syntax, and the decision at each look. */
export {
  decideRollout,
  type LookStratum,
  type MetricSums,
  type MetricVerdict,
  type MetricVerdictKind,
  type RolloutDecision,
  type RolloutDecisionKind,
  type RolloutLook,
  type StratumArm,
  type StratumDifference,
  type StratumEvidence,
} from './decide-rollout.js';
export { type Direction, METRIC_DIRECTIONS, metricDirection } from './metric-direction.js';
export { parseGuardrail } from './parse-guardrail.js';
export { parseRolloutPolicy } from './parse-rollout-policy.js';
export {
  type Guardrail,
  guardrailSchema,
  type RolloutPolicy,
  type RolloutPolicyInput,
  rolloutPolicySchema,
  upgradeStoredPolicy,
} from './rollout-policy.js';
