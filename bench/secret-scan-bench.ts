// The secret scan of a config in a long-lived process (the web page, an apply of many configs, a
// test run): scanConfigForSecrets over 300 configs, the first 50 against the last 50; then the
// same strings through secretlint's lintSource alone, whose profiler (@secretlint/profiler 12)
// keeps every performance mark and searches them all at each rule's end (secretlint#1633).
// Run: npx tsx bench/secret-scan-bench.ts
import { lintSource } from '@secretlint/core';
import { rules } from '@secretlint/secretlint-rule-preset-recommend';
import { parseConfig } from '../src/config/parse-config.js';
import { scanConfigForSecrets } from '../src/secrets/scan-config.js';
import { fmt, timeMs } from './bench-kit.js';

const CONFIGS = 300;
const WINDOW = 50;
const config = (i: number) =>
  parseConfig({
    name: `Agent ${i}`,
    system_prompt: `You answer tickets for team ${i}. Be brief.`,
    model: 'gpt-4.1',
    temperature: 0.2,
    tools: ['search', 'lookup_order'],
    mcp_servers: [{ name: 'kb', url: `https://kb.example.com/${i}` }],
  });
const strings = (i: number) => [
  `Agent ${i}`,
  `You answer tickets for team ${i}. Be brief.`,
  'gpt-4.1',
  'search',
  'lookup_order',
  'kb',
  `https://kb.example.com/${i}`,
];
const lintConfig = { rules: rules.map((rule) => ({ id: rule.meta.id, rule, options: {} })) };

/** Mean ms per config over the first and the last WINDOW of `CONFIGS` scans. */
async function firstAndLast(scan: (i: number) => Promise<unknown>): Promise<[number, number]> {
  const times: number[] = [];
  for (let i = 0; i < CONFIGS; i++) times.push(await timeMs(() => scan(i)));
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  return [mean(times.slice(0, WINDOW)), mean(times.slice(-WINDOW))];
}

const [first, last] = await firstAndLast((i) => scanConfigForSecrets(config(i)));
console.log(
  `scanConfigForSecrets: ${fmt(first)} per config for the first ${WINDOW}, ${fmt(last)} for the last ${WINDOW} of ${CONFIGS} (${(last / first).toFixed(2)}×)`,
);
const [rawFirst, rawLast] = await firstAndLast(async (i) => {
  for (const content of strings(i)) {
    await lintSource({
      source: { content, filePath: 'x', contentType: 'text' },
      options: { config: lintConfig, maskSecrets: true, noPhysicFilePath: true },
    });
    await new Promise((resolve) => setImmediate(resolve));
  }
});
console.log(
  `lintSource alone, the same strings: ${fmt(rawFirst)} for the first ${WINDOW}, ${fmt(rawLast)} for the last ${WINDOW} (${(rawLast / rawFirst).toFixed(2)}×)`,
);
