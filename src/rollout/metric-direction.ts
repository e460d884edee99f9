/** Whether a larger value of a metric is an improvement. */
export type Direction = 'higher' | 'lower';

/**
 * Directions of the metrics agentver computes (the keys of the report's metrics): rates of good
 * outcomes and grade scores are better higher; error rate, cost, latency and tokens lower.
 */
export const METRIC_DIRECTIONS: Readonly<Record<string, Direction>> = {
  resolution_rate: 'higher',
  first_response_resolution_rate: 'higher',
  success_rate: 'higher',
  pass_rate: 'higher',
  grade_score: 'higher',
  error_rate: 'lower',
  cost_usd: 'lower',
  latency_ms: 'lower',
  total_tokens: 'lower',
};

/**
 * The direction of `metric`: from `overrides` (a policy's `directions`), else the built-in table;
 * an unknown metric without a direction is an error naming it.
 */
export function metricDirection(metric: string, overrides: Readonly<Record<string, Direction>> = {}): Direction {
  const direction = overrides[metric] ?? METRIC_DIRECTIONS[metric];
  if (direction === undefined) {
    throw new RangeError(`metricDirection: unknown metric "${metric}"; give its direction (higher or lower is better) in the policy`);
  }
  return direction;
}
