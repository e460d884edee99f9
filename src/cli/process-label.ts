import { basename } from 'node:path';

// The global options that take a value, so that `agentver --data-dir x show a` reads as `show`.
const VALUE_OPTIONS = new Set([
  '--project',
  '--dataset',
  '--location',
  '--format',
  '--emulator-host',
  '--data-dir',
  '--author',
  '--models-dataset',
]);

/**
 * How this process names itself to others that find it holding a data folder: `agentver ui`, or
 * the script's name when agentver runs inside another program. Only the command word, never the
 * options, which can carry a token (`--auth-token`).
 * @example
 * processLabel(['node', '/usr/bin/agentver', '--data-dir', 'x', 'ui', '--port', '0']) // 'agentver ui'
 */
export function processLabel(argv: readonly string[] = process.argv): string {
  const script = basename(argv[1] ?? 'node');
  if (script !== 'agentver' && !/[/\\]cli[/\\]main\.[jt]s$/.test(argv[1] ?? '')) return script;
  for (let i = 2; i < argv.length; i++) {
    const word = argv[i] as string;
    if (VALUE_OPTIONS.has(word)) i++;
    else if (!word.startsWith('-')) return `agentver ${word}`;
  }
  return 'agentver';
}
