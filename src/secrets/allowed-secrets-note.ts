import type { SecretFinding } from './scan-config.js';

/**
 * The line a write appends to its change message when `allow` let secrets through, so that
 * `history` and `blame` show who stored which credential on purpose; empty when none did.
 *
 * @example allowedSecretsNote([{ field: 'extra.alerts', kind: 'Slack webhook URL', … }])
 * // 'secrets allowed: extra.alerts (Slack webhook URL)'
 */
export function allowedSecretsNote(allowed: readonly SecretFinding[]): string {
  if (allowed.length === 0) return '';
  const fields = new Map<string, Set<string>>();
  for (const finding of allowed) fields.set(finding.field, (fields.get(finding.field) ?? new Set()).add(finding.kind));
  return `secrets allowed: ${[...fields].map(([field, kinds]) => `${field} (${[...kinds].join(', ')})`).join('; ')}`;
}
