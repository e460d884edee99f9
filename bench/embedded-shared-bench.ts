// Embedded commands on one data folder (issue 23, item 5), through built CLIs: `show` and `edit`,
// median wall time of 10 each (node start-up included), alone and while `agentver ui` serves the
// same folder. Every CLI gets data folders of its own; the runs of the CLIs are interleaved, so a
// noisy machine weighs on them alike.
// Run: npm run build && npx tsx bench/embedded-shared-bench.ts [--before <old dist/cli/main.js>]
//   --before: also the CLI of a build before the shared server (one folder per process), e.g.
//   git archive 3df4f52 | tar -x -C /tmp/before && ln -s $PWD/node_modules /tmp/before/ &&
//   (cd /tmp/before && npx tsc -p tsconfig.build.json) → --before /tmp/before/dist/cli/main.js
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { emulatorBinaryPath } from '../src/emulator/emulator-binary.js';
import { median } from './bench-kit.js';

const REPEATS = 10;
const after = new URL('../dist/cli/main.js', import.meta.url).pathname;
const beforeFlag = process.argv.indexOf('--before');
const before = beforeFlag > 0 ? process.argv[beforeFlag + 1] : undefined;
// An old command waits up to 120 s for the page's lock: one is enough to show it.
const BEFORE_WAIT_CAP_MS = 130_000;

interface Cli {
  label: string;
  main: string;
  env: NodeJS.ProcessEnv;
  dir: string;
}

function newCli(label: string, main: string, extra: NodeJS.ProcessEnv = {}): Cli {
  const dir = mkdtempSync(join(tmpdir(), 'agentver-shared-bench-'));
  writeFileSync(join(dir, 'a.yaml'), 'name: A\nsystem_prompt: hello\nmodel: m\ntemperature: 0.1\n');
  const env = {
    PATH: process.env.PATH,
    HOME: dir,
    AGENTVER_DATA_DIR: join(dir, 'data'),
    AGENTVER_EMULATOR_BIN: emulatorBinaryPath(),
    AGENTVER_AUTHOR: 'bench',
    ...extra,
  };
  return { label, main, env, dir };
}

async function run(cli: Cli, args: string[], capMs = 60_000): Promise<{ code: number | null; ms: number; stderr: string }> {
  const started = performance.now();
  const child = spawn(process.execPath, [cli.main, ...args], { cwd: cli.dir, env: cli.env, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk) => {
    stderr += chunk;
  });
  const timer = setTimeout(() => child.kill('SIGKILL'), capMs);
  const [code] = (await once(child, 'exit')) as [number | null];
  clearTimeout(timer);
  return { code, ms: performance.now() - started, stderr };
}

async function startUi(cli: Cli): Promise<ChildProcess> {
  const child = spawn(process.execPath, [cli.main, 'ui', '--port', '0'], { cwd: cli.dir, env: cli.env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout?.on('data', (chunk) => {
    output += chunk;
  });
  while (!output.includes('agentver ui on')) {
    if (child.exitCode !== null) throw new Error(`agentver ui exited: ${output}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return child;
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

/** Runs `args(i)` REPEATS times on each CLI, interleaved; the median wall time per CLI, or how the runs failed. */
async function measure(clis: Cli[], args: (i: number) => string[]): Promise<Map<Cli, string>> {
  const times = new Map<Cli, number[]>(clis.map((cli) => [cli, []]));
  const failures = new Map<Cli, string>();
  for (let i = 0; i < REPEATS; i++) {
    for (const cli of clis) {
      if (failures.has(cli)) continue;
      const result = await run(cli, args(i));
      if (result.code !== 0) failures.set(cli, `exit ${result.code}: ${result.stderr.trim().split('\n')[0]}`);
      else times.get(cli)?.push(result.ms);
    }
  }
  return new Map(clis.map((cli) => [cli, failures.get(cli) ?? seconds(median(times.get(cli) ?? []))]));
}

const clis = [
  ...(before ? [newCli('before: one emulator per command, the folder locked for its life', before)] : []),
  newCli('after, idle 0: a server per command (AGENTVER_EMULATOR_IDLE_SECONDS=0)', after, { AGENTVER_EMULATOR_IDLE_SECONDS: '0' }),
  newCli('after: the shared server (default idle 30 s)', after),
];
for (const cli of clis) {
  const created = await run(cli, ['create', 'a', '--file', 'a.yaml', '-m', 'first']);
  if (created.code !== 0) throw new Error(`${cli.label}: create failed: ${created.stderr}`);
}

const rows: Array<[string, Map<Cli, string>]> = [];
rows.push(['`show a`', await measure(clis, () => ['show', 'a'])]);
rows.push([
  '`edit a --set max_tokens=<i> -m …`',
  await measure(clis, (i) => ['edit', 'a', '--set', `max_tokens=${100 + i}`, '-m', `edit ${i}`]),
]);

// While the page runs on each folder.
const uis = await Promise.all(clis.map(startUi));
const whileUi = new Map<Cli, string>();
const withUi: Array<[string, (i: number) => string[]]> = [
  ['`show a` while `agentver ui` runs on the folder', () => ['show', 'a']],
  ['`edit a …` while `agentver ui` runs on the folder', (i) => ['edit', 'a', '--set', `max_tokens=${200 + i}`, '-m', `ui edit ${i}`]],
];
const oldOnes = clis.filter((cli) => cli.main === before);
const newOnes = clis.filter((cli) => cli.main !== before);
for (const [name, args] of withUi) {
  const measured = await measure(newOnes, args);
  for (const cli of oldOnes) {
    if (whileUi.has(cli)) {
      measured.set(cli, whileUi.get(cli) as string);
      continue;
    }
    // The old CLI waits for the page's lock; once is enough.
    const result = await run(cli, args(0), BEFORE_WAIT_CAP_MS);
    const outcome =
      result.code === null
        ? `still waiting after ${seconds(result.ms)}`
        : `exit ${result.code} after ${seconds(result.ms)}: ${result.stderr.trim().split('\n')[0]}`;
    whileUi.set(cli, `${outcome} (one run)`);
    measured.set(cli, whileUi.get(cli) as string);
  }
  rows.push([name, measured]);
}
for (const ui of uis) ui.kill('SIGTERM');

console.log(`Embedded commands, median wall time of ${REPEATS} (built CLI, node start-up included)\n`);
console.log(`| command | ${clis.map((cli) => cli.label).join(' | ')} |`);
console.log(`|---|${clis.map(() => '---').join('|')}|`);
for (const [name, measured] of rows) console.log(`| ${name} | ${clis.map((cli) => measured.get(cli)).join(' | ')} |`);
