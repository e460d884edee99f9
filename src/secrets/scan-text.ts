import { lintSource } from '@secretlint/core';
import { secretLintProfiler } from '@secretlint/profiler';
import { rules as recommendedRules } from '@secretlint/secretlint-rule-preset-recommend';
import type { SecretLintCoreConfig } from '@secretlint/types';
import { EXTRA_RULES } from './extra-rules.js';
import { secretKind } from './secret-kinds.js';

/** A credential found in one string. Offsets are UTF-16 indexes into it; `line` is 1-based. */
export interface TextSecret {
  kind: string;
  line: number;
  start: number;
  end: number;
}

// Access key ids (AKIA…) are off by default in the preset (they are half of a key pair); in a
// prompt or URL one rarely travels without its secret, so they are refused too.
const RULE_OPTIONS: Readonly<Record<string, object>> = { '@secretlint/secretlint-rule-aws': { enableIDScanRule: true } };

// A `secretlint-disable` comment inside a prompt would hide a key from the scan unaudited; the one
// escape is the caller's `allow` list, which lands in the change message. (Rules are listed one by
// one because core 12.0 ignores `disabled` on a rule inside a preset.)
const FILTER_COMMENTS = '@secretlint/secretlint-rule-filter-comments';

const CONFIG: SecretLintCoreConfig = {
  rules: [...recommendedRules.filter((rule) => rule.meta.id !== FILTER_COMMENTS), ...EXTRA_RULES].map((rule) => ({
    id: rule.meta.id,
    rule,
    options: RULE_OPTIONS[rule.meta.id] ?? {},
  })),
};

/**
 * Drops what @secretlint/profiler 12 recorded of the scans so far. It keeps every performance mark
 * of every scan for the life of the process and searches them all at each rule's end
 * (secretlint#1633; fixed in 13, which needs Node 22), so a long-lived process slowed with every
 * config it scanned (bench/RESULTS.md, "Secret scans slowed with every scan"). getEntries and
 * getMeasures wait for its pending measures and return its own arrays, which are emptied; the
 * marks themselves are left to Node, whose buffer of them is only appended to.
 */
async function forgetProfile(): Promise<void> {
  // Node hands performance entries to observers on a later turn of the event loop.
  await new Promise((resolve) => setImmediate(resolve));
  for (const recorded of [await secretLintProfiler.getEntries(), await secretLintProfiler.getMeasures()]) recorded.length = 0;
}

/**
 * Runs secretlint's recommended preset, plus agentver's rules for the kinds it lacks, over one
 * string. The scanner's own messages are not passed on: they quote the secret.
 */
export async function scanText(text: string): Promise<TextSecret[]> {
  const result = await lintSource({
    source: { content: text, filePath: 'config-field', contentType: 'text' },
    options: { config: CONFIG, maskSecrets: true, noPhysicFilePath: true },
  });
  await forgetProfile();
  return result.messages.flatMap((message) => {
    const kind = secretKind(message.ruleId, message.messageId);
    const [start, end] = message.range;
    return kind === undefined ? [] : [{ kind, line: message.loc.start.line, start, end }];
  });
}
