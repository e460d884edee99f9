import { type AgentConfig, CONFIG_FIELDS, type JsonValue } from '../config/agent-config.js';
import { maskSecret } from './mask-secret.js';
import { scanText, type TextSecret } from './scan-text.js';

/** A credential found in a config. Nothing in it holds the secret unmasked. */
export interface SecretFinding {
  /**
   * Where it is: `system_prompt`, `extra.team.token`, `mcp_servers[kb].url`, `tools[2]`,
   * `policy_overrides["a.b"]`. A key that itself holds a secret appears masked in every path.
   */
  field: string;
  /** `key` when the secret is a map key (or an MCP server name) rather than a value. */
  part: 'key' | 'value';
  /** e.g. `OpenAI API key`, `private key`, `password in URL`. */
  kind: string;
  /** 1-based line within the string. */
  line: number;
  /** The secret, masked: `sk-p…Xy`. */
  masked: string;
}

/** Replaces each found secret in a string by its mask, so the string can be shown. */
function maskIn(text: string, secrets: TextSecret[]): string {
  let out = '';
  let at = 0;
  for (const secret of [...secrets].sort((a, b) => a.start - b.start)) {
    if (secret.start < at) continue;
    out += text.slice(at, secret.start) + maskSecret(text.slice(secret.start, secret.end));
    at = secret.end;
  }
  return out + text.slice(at);
}

const PLAIN_KEY = /^[A-Za-z_][A-Za-z0-9_-]*$/;
/** A key as a path shows it: dotted when plain, else quoted; `shown` is the key with any secret masked. */
const keySegment = (key: string, shown = key) => (PLAIN_KEY.test(key) ? `.${shown}` : `[${JSON.stringify(shown)}]`);

interface ScannedText {
  path: string;
  part: SecretFinding['part'];
  text: string;
  secrets: TextSecret[];
}

/**
 * Scans a map key or server name before what lies under it, and returns it as paths show it:
 * masked where it holds a secret.
 */
async function scanName(found: ScannedText[], name: string, pathOf: (shown: string) => string): Promise<string> {
  const secrets = await scanText(name);
  if (secrets.length === 0) return name;
  const shown = maskIn(name, secrets);
  found.push({ path: pathOf(shown), part: 'key', text: name, secrets });
  return shown;
}

async function scanValue(found: ScannedText[], path: string, value: JsonValue): Promise<void> {
  if (typeof value === 'string') {
    const secrets = await scanText(value);
    if (secrets.length > 0) found.push({ path, part: 'value', text: value, secrets });
  } else if (Array.isArray(value)) {
    for (const [index, item] of value.entries()) await scanValue(found, `${path}[${index}]`, item);
  } else if (value !== null && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      const shown = await scanName(found, key, (masked) => `${path}${keySegment(key, masked)}`);
      await scanValue(found, `${path}${keySegment(key, shown)}`, item);
    }
  }
}

// MCP servers are named by name, as the diff names them, rather than by position.
async function scanServers(found: ScannedText[], servers: AgentConfig['mcp_servers']): Promise<void> {
  for (const server of servers) {
    const shown = await scanName(found, server.name, (masked) => `mcp_servers[${masked}].name`);
    await scanValue(found, `mcp_servers[${shown}].url`, server.url);
  }
}

/**
 * Finds credentials anywhere in a config: every string field, tool and MCP server name and URL,
 * and every key and string inside `extra`, `policy_overrides` and any field added later, with
 * secretlint's recommended preset plus agentver's rules for Stripe, Google API keys, bearer
 * tokens and passwords in ws(s) URLs. Findings come in `FIELD_GROUPS` order, then by position;
 * one string matched twice at the same place (a GitHub token after `Bearer`) is reported once,
 * under the more specific kind.
 *
 * @example
 * await scanConfigForSecrets({ ...config, extra: { ci: 'ghp_' + 'A1b2'.repeat(9) } })
 * // [{ field: 'extra.ci', part: 'value', kind: 'GitHub token', line: 1, masked: 'ghp_…b2' }]
 */
export async function scanConfigForSecrets(config: AgentConfig): Promise<SecretFinding[]> {
  const found: ScannedText[] = [];
  for (const field of CONFIG_FIELDS) {
    if (field === 'mcp_servers') await scanServers(found, config.mcp_servers);
    else await scanValue(found, field, config[field] as JsonValue);
  }
  return found.flatMap(({ path, part, text, secrets }) => {
    // Sorting is stable, so at one range the preset's rule (listed first) wins over ours.
    const byRange = new Map<string, TextSecret>();
    for (const secret of [...secrets].sort((a, b) => a.start - b.start)) {
      const range = `${secret.start}:${secret.end}`;
      if (!byRange.has(range)) byRange.set(range, secret);
    }
    return [...byRange.values()].map(({ kind, line, start, end }) => ({
      field: path,
      part,
      kind,
      line,
      masked: maskSecret(text.slice(start, end)),
    }));
  });
}
