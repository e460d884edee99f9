/** Guarded rollouts: the policy, its CLI syntax, and the decision at each look. */
export {
  decideRollout,
  type HistorySums,
  type LookStratum,
  type MetricSums,
  type MetricVerdict,
  type MetricVerdictKind,
  type RolloutDecision,
  type RolloutDecisionKind,
  type RolloutLook,
  type ScheduleEvidence,
  type StratumArm,
  type StratumDifference,
  type StratumEvidence,
} from './decide-rollout.js';
export { type Direction, METRIC_DIRECTIONS, metricDirection } from './metric-direction.js';
export { parseGuardrail } from './parse-guardrail.js';
export { parseRamp } from './parse-ramp.js';
export { parseRolloutPolicy } from './parse-rollout-policy.js';
export {
  type Guardrail,
  guardrailSchema,
  PRE_PERIOD_DAYS,
  type RolloutPolicy,
  type RolloutPolicyInput,
  rampSchema,
  rolloutPolicySchema,
  SHIP_RULES,
  type ShipRule,
  upgradeStoredPolicy,
  VARIANCE_REDUCTIONS,
} from './rollout-policy.js';
