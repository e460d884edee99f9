import { ValidationError } from '../backend.js';
import { isLoopback } from './loopback.js';

/**
 * Refuses to serve on an address other machines can reach without an auth mode: the page can
 * roll production back, so nobody on the network may use it unauthenticated.
 */
export function assertSafeBind(host: string, auth: { kind: string }): void {
  if (isLoopback(host) || auth.kind !== 'none') return;
  throw new ValidationError(
    [
      {
        field: '--host',
        rule: `${host} is reachable from other machines: add --auth-token (or AGENTVER_UI_TOKEN) or --trust-iap with --iap-audience`,
      },
    ],
    'option',
  );
}
