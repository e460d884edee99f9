import { describe, expect, it } from 'vitest';
import type { AgentConfig } from '../../../src/config/agent-config.js';
import { parseConfig } from '../../../src/config/parse-config.js';
import { SecretFoundError } from '../../../src/errors/secret-found-error.js';
import { assertNoSecrets } from '../../../src/secrets/assert-no-secrets.js';
import { scanConfigForSecrets } from '../../../src/secrets/scan-config.js';
import { FAKE_SECRETS, type FakeSecretKind, secretPart } from './fake-secrets.js';

const base = (): AgentConfig => parseConfig({ name: 'Support triage', system_prompt: 'You are the triage agent.', model: 'gpt-4.1' });

interface Place {
  name: string;
  field: string;
  fits: (fake: FakeSecretKind) => boolean;
  put: (text: string, fake: FakeSecretKind) => AgentConfig;
  line: number;
}

const asUrl = (text: string, fake: FakeSecretKind) => (fake.inUrl === 'whole' ? text : `https://kb.acme.dev/mcp?key=${text}`);

// Each kind of field a secret can sit in; parseConfig checks the result is a valid config.
const PLACES: Place[] = [
  {
    name: 'system prompt, third line',
    field: 'system_prompt',
    fits: () => true,
    put: (text) => parseConfig({ ...base(), system_prompt: `You are the triage agent.\n\n  Use ${text} when calling the API.\n` }),
    line: 3,
  },
  {
    name: 'description',
    field: 'description',
    fits: () => true,
    put: (text) => parseConfig({ ...base(), description: text }),
    line: 1,
  },
  {
    name: 'extra, nested',
    field: 'extra.team.tokens[1]',
    fits: () => true,
    put: (text) => parseConfig({ ...base(), extra: { team: { name: 'support', tokens: ['none', text] } } }),
    line: 1,
  },
  {
    name: 'policy_overrides',
    field: 'policy_overrides.upstream',
    fits: () => true,
    put: (text) => parseConfig({ ...base(), policy_overrides: { pii: 'redact', upstream: text } }),
    line: 1,
  },
  {
    name: 'MCP server URL',
    field: 'mcp_servers[kb].url',
    fits: (fake) => fake.inUrl !== 'none',
    put: (text, fake) => parseConfig({ ...base(), mcp_servers: [{ name: 'kb', url: asUrl(text, fake) }] }),
    line: 1,
  },
];

const cases = FAKE_SECRETS.flatMap((fake) =>
  PLACES.filter((place) => place.fits(fake)).map((place) => ({
    label: `${fake.kind} (${fake.secret.slice(0, 6)}…) in ${place.name}`,
    fake,
    place,
  })),
);

describe('scanConfigForSecrets', () => {
  it.each(cases)('finds a $label', async ({ fake, place }) => {
    const findings = await scanConfigForSecrets(place.put(fake.secret, fake));
    expect(findings).toEqual([{ field: place.field, part: 'value', kind: fake.kind, line: place.line, masked: expect.any(String) }]);
    const [finding] = findings;
    expect(finding?.masked.startsWith(fake.maskedPrefix)).toBe(true);
    expect(JSON.stringify(findings)).not.toContain(secretPart(fake));
  });

  it.each(cases)('passes the near miss of a $label', async ({ fake, place }) => {
    expect(await scanConfigForSecrets(place.put(fake.nearMiss, fake))).toEqual([]);
  });

  it('masks so that a finding is no secret itself: findings pasted into a config scan clean', async () => {
    const all = parseConfig({ ...base(), system_prompt: FAKE_SECRETS.map((fake) => fake.secret).join('\n') });
    const findings = await scanConfigForSecrets(all);
    expect(findings.map((finding) => finding.kind)).toEqual(FAKE_SECRETS.map((fake) => fake.kind));
    expect(await scanConfigForSecrets(parseConfig({ ...base(), description: JSON.stringify(findings, null, 2) }))).toEqual([]);
  });

  it('passes a config without credentials, prose about them included', async () => {
    const config = parseConfig({
      ...base(),
      system_prompt: 'Use Bearer authentication with the token from the vault. Never print an API key such as sk-....',
      mcp_servers: [{ name: 'kb', url: 'https://kb.acme.dev/mcp' }],
      extra: { aws_account: 'arn:aws:iam::123456789012:role/triage' },
    });
    expect(await scanConfigForSecrets(config)).toEqual([]);
  });

  it('masks a key that holds a secret in the path of every finding under it', async () => {
    const token = FAKE_SECRETS.find((fake) => fake.kind === 'GitHub token')?.secret ?? '';
    const stripe = FAKE_SECRETS.find((fake) => fake.kind === 'Stripe secret key')?.secret ?? '';
    const findings = await scanConfigForSecrets(parseConfig({ ...base(), extra: { [token]: { key: stripe } } }));
    expect(findings).toEqual([
      {
        field: `extra.${token.slice(0, 4)}…${token.slice(-2)}`,
        part: 'key',
        kind: 'GitHub token',
        line: 1,
        masked: `ghp_…${token.slice(-2)}`,
      },
      {
        field: `extra.${token.slice(0, 4)}…${token.slice(-2)}.key`,
        part: 'value',
        kind: 'Stripe secret key',
        line: 1,
        masked: `sk_l…${stripe.slice(-2)}`,
      },
    ]);
    expect(JSON.stringify(findings)).not.toContain(token);
  });

  it('scans every string field, name and model included', async () => {
    const token = FAKE_SECRETS.find((fake) => fake.kind === 'Slack token')?.secret ?? '';
    const findings = await scanConfigForSecrets(parseConfig({ ...base(), name: `Triage ${token}`, model: token }));
    expect(findings.map((finding) => finding.field)).toEqual(['name', 'model']);
  });

  // Tools are stored sorted, so the token (ghp_…) is tools[0].
  it('scans tool and MCP server names', async () => {
    const token = FAKE_SECRETS.find((fake) => fake.kind === 'GitHub token')?.secret ?? '';
    const findings = await scanConfigForSecrets(
      parseConfig({ ...base(), tools: ['search_kb', token], mcp_servers: [{ name: token, url: 'https://kb.acme.dev/mcp' }] }),
    );
    expect(findings.map(({ field, part }) => [field, part])).toEqual([
      ['tools[0]', 'value'],
      [`mcp_servers[ghp_…${token.slice(-2)}].name`, 'key'],
    ]);
  });

  it('quotes a key that is not a plain identifier, so paths stay unambiguous', async () => {
    const stripe = FAKE_SECRETS.find((fake) => fake.kind === 'Stripe secret key')?.secret ?? '';
    const findings = await scanConfigForSecrets(parseConfig({ ...base(), policy_overrides: { 'billing.api': stripe } }));
    expect(findings.map((finding) => finding.field)).toEqual(['policy_overrides["billing.api"]']);
  });

  it('reports a GitHub token after "Bearer" once, as a GitHub token', async () => {
    const token = FAKE_SECRETS.find((fake) => fake.kind === 'GitHub token')?.secret ?? '';
    const findings = await scanConfigForSecrets(parseConfig({ ...base(), description: `Authorization: Bearer ${token}` }));
    expect(findings.map((finding) => finding.kind)).toEqual(['GitHub token']);
  });

  it('counts lines the same with CRLF line endings', async () => {
    const token = FAKE_SECRETS.find((fake) => fake.kind === 'GitHub token')?.secret ?? '';
    const findings = await scanConfigForSecrets(parseConfig({ ...base(), system_prompt: `one\r\ntwo\r\n${token}\r\n` }));
    expect(findings.map((finding) => finding.line)).toEqual([3]);
  });

  it('ignores secretlint-disable comments inside a prompt: the only escape is the audited allow list', async () => {
    const token = FAKE_SECRETS.find((fake) => fake.kind === 'GitHub token')?.secret ?? '';
    const prompt = `// secretlint-disable\n${token}\n// secretlint-enable-line\n${token} // secretlint-disable-line`;
    const findings = await scanConfigForSecrets(parseConfig({ ...base(), system_prompt: prompt }));
    expect(findings.map((finding) => finding.line)).toEqual([2, 4]);
  });
});

describe('assertNoSecrets', () => {
  const fake = FAKE_SECRETS.find((kind) => kind.kind === 'Anthropic API key') as FakeSecretKind;
  const leaky = () => parseConfig({ ...base(), system_prompt: `line one\n${fake.secret}`, extra: { ci: { note: fake.secret } } });

  it('throws a SecretFoundError (exit 2) naming field, kind and line, with the secret masked', async () => {
    const error = await assertNoSecrets(leaky()).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(SecretFoundError);
    const found = error as SecretFoundError;
    expect(found.exitCode).toBe(2);
    expect(found.problems).toEqual([
      { field: 'system_prompt', rule: 'holds a secret: Anthropic API key at line 2 (sk-a…AA)' },
      { field: 'extra.ci.note', rule: 'holds a secret: Anthropic API key at line 1 (sk-a…AA)' },
    ]);
    expect(found.message).toContain('system_prompt: holds a secret: Anthropic API key at line 2');
    for (const text of [found.message, JSON.stringify(found), JSON.stringify(found.toJSON()), String(found.hint)]) {
      expect(text).not.toContain(fake.secret);
      expect(text).not.toContain(fake.secret.slice(4, 40));
    }
    expect(found.toJSON().error).toMatchObject({ code: 'invalid_input', findings: found.findings });
  });

  it('lets the allowed fields through and returns their findings for the change message', async () => {
    const allowed = await assertNoSecrets(leaky(), { allow: ['system_prompt', 'extra.ci.note'] });
    expect(allowed.map((finding) => finding.field)).toEqual(['system_prompt', 'extra.ci.note']);
  });

  it('matches allowed fields exactly: a parent path allows nothing below it', async () => {
    const error = await assertNoSecrets(leaky(), { allow: ['system_prompt', 'extra'] }).catch((caught: unknown) => caught);
    expect((error as SecretFoundError).problems.map((problem) => problem.field)).toEqual(['extra.ci.note']);
  });

  it('returns nothing for a clean config', async () => {
    expect(await assertNoSecrets(base())).toEqual([]);
  });
});
