// Parallel commands on one embedded data folder, through the built CLI (npm test builds it first):
// the data-folder lock makes them take turns, so none fails with "database is locked" (exit 3),
// and parallel edits without a base each make one version, as on a shared emulator.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { emulatorBinaryPath } from '../../src/emulator/emulator-binary.js';

const cli = new URL('../../dist/cli/main.js', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'agentver-parallel-'));
// Only the data folder and the binary: no project or emulator host from the caller's environment.
const env = {
  PATH: process.env.PATH,
  HOME: dir,
  AGENTVER_DATA_DIR: join(dir, 'data'),
  AGENTVER_EMULATOR_BIN: emulatorBinaryPath(),
  AGENTVER_AUTHOR: 'p',
};

async function run(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [cli, ...args], { cwd: dir, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk) => {
    stdout += chunk;
  });
  child.stderr.on('data', (chunk) => {
    stderr += chunk;
  });
  const [code] = (await once(child, 'exit')) as [number | null];
  return { code, stdout, stderr };
}

const tenAtOnce = (args: (i: number) => string[]) => Promise.all(Array.from({ length: 10 }, (_, i) => run(args(i))));

beforeAll(async () => {
  writeFileSync(join(dir, 'a.yaml'), 'name: A\nsystem_prompt: hello\nmodel: m\ntemperature: 0.1\n');
  expect((await run(['create', 'a', '--file', 'a.yaml', '-m', 'first'])).code).toBe(0);
}, 60_000);

describe('ten commands at once on one embedded data folder', () => {
  it('show: all succeed with the same version', async () => {
    const runs = await tenAtOnce(() => ['show', 'a', '--format', 'json']);
    expect(runs.map((r) => [r.code, r.stderr])).toEqual(Array(10).fill([0, '']));
    expect(new Set(runs.map((r) => (JSON.parse(r.stdout) as { version: number }).version))).toEqual(new Set([1]));
  }, 240_000);

  it('list: all succeed', async () => {
    const runs = await tenAtOnce(() => ['list', '--format', 'json']);
    expect(runs.map((r) => [r.code, r.stderr])).toEqual(Array(10).fill([0, '']));
    for (const r of runs) expect(JSON.parse(r.stdout)).toMatchObject([{ agentId: 'a', latestVersion: 1 }]);
  }, 240_000);

  it('edits without --expected-version: one version each, versions gapless with one latest', async () => {
    const runs = await tenAtOnce((i) => ['edit', 'a', '--set', `max_tokens=${100 + i}`, '-m', `edit ${i}`, '--format', 'json']);
    // Each edit is based on whatever is latest when its turn comes: a conflict (exit 1) would also
    // be a correct outcome, a backend failure (exit 3) never is.
    expect(runs.filter((r) => r.code !== 0 && r.code !== 1)).toEqual([]);
    const made = runs.filter((r) => r.code === 0).map((r) => (JSON.parse(r.stdout) as { record: { version: number } }).record.version);
    expect(new Set(made).size).toBe(made.length);

    const history = JSON.parse((await run(['history', 'a', '--format', 'json', '-n', '100'])).stdout) as Array<{
      version: number;
      isLatest: boolean;
    }>;
    const versions = history.map((row) => row.version).sort((a, b) => a - b);
    expect(versions).toEqual(Array.from({ length: made.length + 1 }, (_, i) => i + 1));
    expect(history.filter((row) => row.isLatest).map((row) => row.version)).toEqual([made.length + 1]);
  }, 240_000);
});
