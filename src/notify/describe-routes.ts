import type { Route } from '../releases/release-record.js';

/**
 * Where a label sends traffic, in words.
 * @example
 * describeRoutes([{ version: 41, arm: 'baseline', percent: 90 }, { version: 42, arm: 'candidate', percent: 10 }]);
 * // 'version 41 at 90% (baseline), version 42 at 10% (candidate)'
 */
export function describeRoutes(routes: readonly Route[]): string {
  return routes.map((route) => `version ${route.version} at ${route.percent}%${route.arm ? ` (${route.arm})` : ''}`).join(', ');
}
