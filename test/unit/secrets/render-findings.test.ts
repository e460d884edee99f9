import { describe, expect, it } from 'vitest';
import { allowedSecretsNote } from '../../../src/secrets/allowed-secrets-note.js';
import { renderFindings } from '../../../src/secrets/render-findings.js';
import type { SecretFinding } from '../../../src/secrets/scan-config.js';

const finding = (field: string, kind: string, overrides: Partial<SecretFinding> = {}): SecretFinding => ({
  field,
  part: 'value',
  kind,
  line: 1,
  masked: 'abcd…yz',
  ...overrides,
});

describe('renderFindings', () => {
  it('prints a line per finding and a summary', () => {
    const text = renderFindings([
      {
        source: 'triage@3',
        findings: [finding('system_prompt', 'OpenAI API key', { line: 12 }), finding('extra.ab…yz', 'GitHub token', { part: 'key' })],
      },
      { source: 'triage@4', findings: [] },
    ]);
    expect(text).toBe(
      [
        'triage@3  system_prompt      line 12  OpenAI API key  abcd…yz',
        'triage@3  extra.ab…yz (key)  line 1   GitHub token    abcd…yz',
        '',
        '2 secrets in 1 of 2 configs scanned',
      ].join('\n'),
    );
  });

  it('says when nothing was found', () => {
    expect(renderFindings([{ source: 'triage@3', findings: [] }])).toBe('no secrets found in 1 config scanned');
  });
});

describe('allowedSecretsNote', () => {
  it('names each allowed field once with its kinds, and is empty when nothing was allowed', () => {
    const note = allowedSecretsNote([
      finding('extra.alerts', 'Slack webhook URL'),
      finding('system_prompt', 'bearer token', { line: 2 }),
      finding('system_prompt', 'bearer token', { line: 5 }),
      finding('system_prompt', 'Google API key'),
    ]);
    expect(note).toBe('secrets allowed: extra.alerts (Slack webhook URL); system_prompt (bearer token, Google API key)');
    expect(allowedSecretsNote([])).toBe('');
  });
});
