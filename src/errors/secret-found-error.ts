import type { SecretFinding } from '../secrets/scan-config.js';
import { ValidationError } from './validation-error.js';

const describe = (finding: SecretFinding) =>
  `${finding.part === 'key' ? 'key holds' : 'holds'} a secret: ${finding.kind} at line ${finding.line} (${finding.masked})`;

/**
 * A config holds a credential: bad input (exit 2), nothing written. Each problem names the field,
 * the kind of secret and the line; `findings` carry the same with the secret masked, never whole.
 */
export class SecretFoundError extends ValidationError {
  readonly findings: SecretFinding[];
  override readonly hint: string;

  constructor(findings: SecretFinding[]) {
    super(
      findings.map((finding) => ({ field: finding.field, rule: describe(finding) })),
      'config',
    );
    this.name = 'SecretFoundError';
    this.findings = findings;
    this.hint =
      'Keep credentials in a secret manager and name them in the config instead; to store one on purpose, allow that field explicitly (it is recorded in the change message).';
    this.details.findings = findings;
  }
}
