import { alignColumns } from '../text/align-columns.js';
import type { SecretFinding } from './scan-config.js';

/** The findings of one scanned config, e.g. one version (`support_triage@42`) or one file. */
export interface ScannedConfig {
  source: string;
  findings: SecretFinding[];
}

/**
 * What `agentver scan` prints: one line per finding (where, field, line, kind, masked secret)
 * and a summary, or that nothing was found. Secrets appear only masked, as findings hold them.
 *
 * @example
 * renderFindings([{ source: 'triage@3', findings: [{ field: 'system_prompt', line: 2, kind: 'OpenAI API key', masked: 'sk-p…Xy', part: 'value' }] }])
 * // 'triage@3  system_prompt  line 2  OpenAI API key  sk-p…Xy\n\n1 secret in 1 of 1 config scanned'
 */
export function renderFindings(scanned: readonly ScannedConfig[]): string {
  const rows = scanned.flatMap(({ source, findings }) =>
    findings.map((finding) => [
      source,
      finding.part === 'key' ? `${finding.field} (key)` : finding.field,
      `line ${finding.line}`,
      finding.kind,
      finding.masked,
    ]),
  );
  const hit = scanned.filter((config) => config.findings.length > 0).length;
  const configs = `${scanned.length} ${scanned.length === 1 ? 'config' : 'configs'} scanned`;
  if (rows.length === 0) return `no secrets found in ${configs}`;
  return [...alignColumns(rows), '', `${rows.length} ${rows.length === 1 ? 'secret' : 'secrets'} in ${hit} of ${configs}`].join('\n');
}
