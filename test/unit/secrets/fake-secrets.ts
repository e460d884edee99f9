// Format-valid, obviously fake credentials, assembled at run time so that this file does not
// itself trip a secret scanner. Each kind has a near miss: the closest string that is not one.

const run = (alphabet: string, length: number) => Array.from({ length }, (_, index) => alphabet[(index * 7) % alphabet.length]).join('');
const ALNUM = 'AbCdEfGhJkLmNpQrStUvWxYz0123456789';
const UPPER = 'ABCDEFGHJKLMNPQRSTUVWXYZ234567';

const BEARER = run(`${ALNUM}-._`, 32);

const pem = (body: string) =>
  ['-----BEGIN ', 'PRIVATE KEY-----\n', body.match(/.{1,64}/g)?.join('\n'), '\n-----END ', 'PRIVATE KEY-----'].join('');

export interface FakeSecretKind {
  kind: string;
  secret: string;
  /** What the masked form starts with: shows the right part was masked. */
  maskedPrefix: string;
  nearMiss: string;
  /**
   * How it sits in an MCP server URL: as the URL itself, in its query, or not at all (a key that
   * spans lines, or a `name = value` / header form that no URL holds).
   */
  inUrl: 'whole' | 'query' | 'none';
}

export const FAKE_SECRETS: FakeSecretKind[] = [
  {
    kind: 'OpenAI API key',
    secret: `sk-${'proj-'}${run(ALNUM, 74)}${'T3Blbk'}FJ${run(ALNUM, 74)}`,
    maskedPrefix: 'sk-p…',
    nearMiss: `sk-${run(ALNUM, 20)}${'T3Blbk'}FJ${run(ALNUM, 19)}`,
    inUrl: 'query',
  },
  {
    kind: 'Anthropic API key',
    secret: `sk-${'ant-api03-'}${run(ALNUM, 93)}AA`,
    maskedPrefix: 'sk-a…',
    nearMiss: `sk-${'ant-api03-'}${run(ALNUM, 93)}AB`,
    inUrl: 'query',
  },
  {
    kind: 'Google API key',
    secret: `AI${'za'}${run(ALNUM, 35)}`,
    maskedPrefix: 'AIza…',
    nearMiss: `AI${'za'}${run(ALNUM, 34)}`,
    inUrl: 'query',
  },
  {
    kind: 'AWS access key ID',
    secret: `AK${'IA'}${run(UPPER, 16)}`,
    maskedPrefix: 'AKIA…',
    // The example id in AWS's documentation, which the rule knows is not a key.
    nearMiss: `AK${'IAIOSFODNN7'}EXAMPLE`,
    inUrl: 'query',
  },
  {
    kind: 'AWS secret access key',
    // The rule reports the 40 characters from the start of the assignment, not of the key.
    secret: `aws_secret_access_key = ${run(`${ALNUM}/+`, 40)}`,
    maskedPrefix: 'aws_…',
    nearMiss: `aws_secret_access_key = ${run(`${ALNUM}/+`, 39)}`,
    inUrl: 'none',
  },
  {
    kind: 'GitHub token',
    secret: `gh${'p_'}${run(ALNUM, 36)}`,
    maskedPrefix: 'ghp_…',
    nearMiss: `gh${'p_'}${run(ALNUM, 35)}`,
    inUrl: 'query',
  },
  {
    kind: 'Slack token',
    secret: `xo${'xb-'}1234567890-1234567890-${run(ALNUM, 24)}`,
    maskedPrefix: 'xoxb…',
    nearMiss: `xo${'xq-'}1234567890-1234567890-${run(ALNUM, 24)}`,
    inUrl: 'query',
  },
  {
    kind: 'Slack webhook URL',
    secret: `https://hooks.${'slack'}.com/services/T${run(UPPER, 9)}/B${run(UPPER, 9)}/${run(ALNUM, 24)}`,
    maskedPrefix: 'http…',
    nearMiss: `https://hooks.${'slack'}.com/services/T${run(UPPER, 9)}`,
    inUrl: 'whole',
  },
  {
    kind: 'Stripe secret key',
    secret: `sk${'_live_'}${run(ALNUM, 24)}`,
    maskedPrefix: 'sk_l…',
    // Publishable keys are public by design.
    nearMiss: `pk${'_live_'}${run(ALNUM, 24)}`,
    inUrl: 'query',
  },
  {
    kind: 'private key',
    secret: pem(`MII${run(`${ALNUM}+/`, 200)}`),
    maskedPrefix: '----…',
    // A documentation placeholder between the armour lines.
    nearMiss: pem(`MII${'.'.repeat(120)}`),
    inUrl: 'none',
  },
  {
    kind: 'bearer token',
    secret: `Authorization: Bearer ${BEARER}`,
    maskedPrefix: `${BEARER.slice(0, 4)}…`,
    nearMiss: 'Authorization: Bearer <your token here>',
    inUrl: 'none',
  },
  {
    kind: 'password in URL',
    secret: `https://ann:${run(ALNUM, 14)}@kb.acme.dev/mcp`,
    maskedPrefix: 'https://ann:…@kb.acme.dev',
    nearMiss: 'https://ann@kb.acme.dev/mcp',
    inUrl: 'whole',
  },
  {
    kind: 'password in URL',
    secret: `wss://ann:${run(ALNUM, 14)}@kb.acme.dev/mcp`,
    maskedPrefix: 'wss://ann:…@kb.acme.dev',
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a placeholder for the password is the point
    nearMiss: 'wss://ann:${KB_PASSWORD}@kb.acme.dev/mcp',
    inUrl: 'whole',
  },
];

/** The part of a fake that must never be shown whole (for `name = value` forms, the value). */
export const secretPart = (fake: FakeSecretKind) => fake.secret.replace(/^.*(?:= |Bearer )/, '');
