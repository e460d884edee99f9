import type { AgentConfig } from '../config/agent-config.js';
import { SecretFoundError } from '../errors/secret-found-error.js';
import { type SecretFinding, scanConfigForSecrets } from './scan-config.js';

export interface AssertNoSecretsOptions {
  /**
   * Field paths, exactly as findings name them (`extra.webhook_url`), whose secrets are stored on
   * purpose. The caller records them in the change message, so every exception is on the record.
   */
  allow?: readonly string[];
}

/**
 * Refuses a config that holds a credential outside the allowed fields, before anything is
 * written: throws `SecretFoundError` (exit 2) naming field, kind, line and the masked secret.
 * Returns the findings that `allow` let through, for the caller to record.
 *
 * @example
 * await assertNoSecrets(config, { allow: ['extra.webhook_url'] }) // [] when nothing else was found
 */
export async function assertNoSecrets(config: AgentConfig, options: AssertNoSecretsOptions = {}): Promise<SecretFinding[]> {
  const allow = new Set(options.allow ?? []);
  const findings = await scanConfigForSecrets(config);
  const refused = findings.filter((finding) => !allow.has(finding.field));
  if (refused.length > 0) throw new SecretFoundError(refused);
  return findings.filter((finding) => allow.has(finding.field));
}
