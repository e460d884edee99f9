// What each scanner message means, in the words a finding shows, keyed by `<rule id>#<message id>`.
const KINDS: Readonly<Record<string, string>> = {
  '@secretlint/secretlint-rule-openai#OPENAI_TOKEN': 'OpenAI API key',
  '@secretlint/secretlint-rule-anthropic#ANTHROPIC_API_KEY': 'Anthropic API key',
  '@secretlint/secretlint-rule-aws#AWSAccessKeyID': 'AWS access key ID',
  '@secretlint/secretlint-rule-aws#AWSSecretAccessKey': 'AWS secret access key',
  '@secretlint/secretlint-rule-github#GITHUB_TOKEN': 'GitHub token',
  '@secretlint/secretlint-rule-npm#PackageJSON_xOauthToken': 'GitHub token',
  '@secretlint/secretlint-rule-slack#SLACK_TOKEN': 'Slack token',
  '@secretlint/secretlint-rule-slack#IncomingWebhook': 'Slack webhook URL',
  '@secretlint/secretlint-rule-privatekey#PrivateKey': 'private key',
  '@secretlint/secretlint-rule-basicauth#BasicAuth': 'password in URL',
  'agentver/stripe#STRIPE_SECRET_KEY': 'Stripe secret key',
  'agentver/google-api-key#GOOGLE_API_KEY': 'Google API key',
  'agentver/bearer-token#BEARER_TOKEN': 'bearer token',
  'agentver/websocket-basicauth#WEBSOCKET_BASIC_AUTH': 'password in URL',
};

// An AWS account id is printed in every ARN: an identifier, not a credential, so a config that
// merely names a role is not refused.
const NOT_SECRETS: ReadonlySet<string> = new Set(['@secretlint/secretlint-rule-aws#AWSAccountID']);

/**
 * The kind a finding shows for a scanner message, or undefined for a message that names no
 * credential. A message missing from the table still counts, under the rule's short name: a rule
 * a later preset adds can only add findings, never be dropped silently.
 */
export function secretKind(ruleId: string, messageId: string): string | undefined {
  const key = `${ruleId}#${messageId}`;
  if (NOT_SECRETS.has(key)) return undefined;
  return KINDS[key] ?? `${ruleId.replace(/^@secretlint\/secretlint-rule-/, '')} (${messageId})`;
}
