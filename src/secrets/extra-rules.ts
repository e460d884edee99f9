import { patternRule } from './pattern-rule.js';

// `${TOKEN}`, `{{token}}`, `<token>`, `$TOKEN`: a template that names a secret without holding one.
const isPlaceholder = (text: string) => /\$\{|\{\{|<[^>]*>|\$[A-Z_]{2,}/.test(text);

/**
 * Kinds of credential issue 13 names that `@secretlint/secretlint-rule-preset-recommend@12`
 * has no rule for. Stripe's rule arrived in preset 13, which needs Node 22; the gcp rule only
 * reads service-account files, not `AIza…` API keys; no rule reads bearer tokens; and the
 * basicauth rule only reads http(s) and ftp URLs, while MCP servers are also reached by ws(s).
 */
export const EXTRA_RULES = [
  patternRule({
    id: 'agentver/stripe',
    messageId: 'STRIPE_SECRET_KEY',
    label: 'Stripe secret key',
    // Secret (sk_) and restricted (rk_) keys; publishable keys (pk_) are public by design.
    // https://docs.stripe.com/keys
    pattern: /(?<![A-Za-z0-9_])(?<secret>[sr]k_(?:live|test)_[A-Za-z0-9]{24,247})(?![A-Za-z0-9_])/g,
  }),
  patternRule({
    id: 'agentver/google-api-key',
    messageId: 'GOOGLE_API_KEY',
    label: 'Google API key',
    // "AIza" and 35 URL-safe characters. https://cloud.google.com/docs/authentication/api-keys
    pattern: /(?<![A-Za-z0-9_-])(?<secret>AIza[A-Za-z0-9_-]{35})(?![A-Za-z0-9_-])/g,
  }),
  patternRule({
    id: 'agentver/bearer-token',
    messageId: 'BEARER_TOKEN',
    label: 'bearer token',
    // RFC 6750 token68 characters; at least 20 of them with a digit, so prose ("Bearer
    // authentication") is not a token. https://www.rfc-editor.org/rfc/rfc6750#section-2.1
    pattern: /\bBearer\s+(?<secret>(?=[A-Za-z0-9\-._~+/]*[0-9])[A-Za-z0-9\-._~+/]{20,}=*)/gi,
  }),
  patternRule({
    id: 'agentver/websocket-basicauth',
    messageId: 'WEBSOCKET_BASIC_AUTH',
    label: 'password in URL',
    // The whole URL, as the basicauth rule reports it (masking keeps the user and host); like that
    // rule, a password under 4 characters is not taken for one (`…`, the masked form, included).
    pattern: /\bwss?:\/\/[^\s:@/]+:[^\s@/]{4,}@[^\s@/]+/gi,
    ignore: isPlaceholder,
  }),
];
