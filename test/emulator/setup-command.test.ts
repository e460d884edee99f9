// `agentver setup` and the embedded first use, in a cache of the test's own: a fake `go` whose
// "build" links the real emulator binary, so the first-use path runs for real without a cold build.
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { expect, it } from 'vitest';
import type { CliIo } from '../../src/cli/io.js';
import { runCli } from '../../src/cli/program.js';
import { emulatorBinaryPath } from '../../src/emulator/emulator-binary.js';

const realBinary = emulatorBinaryPath(process.env);
const which = (command: string) => spawnSync('sh', ['-c', `command -v ${command}`], { encoding: 'utf8' }).stdout.trim();

/** A PATH whose `go` reports 1.26 and "builds" by linking the real binary into $GOBIN, counting builds in `builds`. */
function fakeGo(dir: string): string {
  const bin = join(dir, 'fake-bin');
  mkdirSync(bin);
  writeFileSync(
    join(bin, 'go'),
    `#!/bin/sh
if [ "$1" = env ]; then echo go1.26.0; exit 0; fi
if [ "$1" = install ]; then echo build >> ${join(dir, 'builds')}; ${which('ln')} -s ${realBinary} "$GOBIN/bigquery-emulator"; exit 0; fi
exit 1
`,
  );
  chmodSync(join(bin, 'go'), 0o755);
  return bin;
}

async function cli(args: string[], env: NodeJS.ProcessEnv, cwd: string) {
  let stdout = '';
  let stderr = '';
  const io: CliIo = {
    stdout: (text) => {
      stdout += `${text}\n`;
    },
    stderr: (text) => {
      stderr += `${text}\n`;
    },
    readStdin: async () => new Uint8Array(),
    openStdin: () => Readable.from([]),
    isInteractive: false,
    confirm: async () => false,
    env,
    cwd,
  };
  return { code: await runCli(args, io), stdout, stderr };
}

it('builds the emulator on first use with a progress line, then reuses the cache', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'agentver-setup-'));
  writeFileSync(join(dir, 'a.yaml'), 'name: A\nsystem_prompt: hello\nmodel: m\n');
  const env = { PATH: fakeGo(dir), XDG_CACHE_HOME: join(dir, 'cache'), AGENTVER_DATA_DIR: join(dir, 'data'), AGENTVER_AUTHOR: 'me' };

  const create = await cli(['create', 'a', '--file', 'a.yaml', '-m', 'first'], env, dir);
  expect(create.code).toBe(0);
  expect(create.stderr).toContain('Building the BigQuery emulator (github.com/goccy/bigquery-emulator v0.8.1) with go 1.26 into');
  expect(create.stderr).toContain('once per machine, a cold build takes about 5 minutes');
  expect(existsSync(join(dir, 'cache', 'agentver', 'bigquery-emulator', 'v0.8.1', 'bigquery-emulator'))).toBe(true);

  const setup = await cli(['setup', '--format', 'json'], env, dir);
  expect(setup.code).toBe(0);
  expect(setup.stderr).toBe('');
  expect(JSON.parse(setup.stdout)).toMatchObject({
    backend: { kind: 'embedded', dataDir: join(dir, 'data'), dataDirFrom: 'AGENTVER_DATA_DIR' },
    emulatorBinary: {
      path: join(dir, 'cache', 'agentver', 'bigquery-emulator', 'v0.8.1', 'bigquery-emulator'),
      source: 'cache',
      version: 'v0.8.1',
    },
    dataset: { datasetId: 'agentver', exists: true },
  });
  const list = await cli(['list', '--format', 'json'], env, dir);
  expect(JSON.parse(list.stdout)).toMatchObject([{ agentId: 'a', latestVersion: 1 }]);
  expect(readFileSync(join(dir, 'builds'), 'utf8')).toBe('build\n');
});

it('without Go, lists the three ways out and names no script', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'agentver-setup-'));
  const env = { PATH: join(dir, 'empty'), XDG_CACHE_HOME: join(dir, 'cache'), AGENTVER_DATA_DIR: join(dir, 'data') };
  const run = await cli(['list'], env, dir);
  expect(run.code).toBe(3);
  expect(run.stderr).toContain('Go is not installed');
  expect(run.stderr).toContain('install Go 1.25+');
  expect(run.stderr).toContain('AGENTVER_EMULATOR_BIN');
  expect(run.stderr).toContain('agentver --emulator-host http://localhost:9050 init');
  expect(run.stderr).not.toMatch(/npm run|install\.mjs|credentials/);
});

it('reports where commands run and why, from flags before environment', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'agentver-setup-'));
  const bin = join(dir, 'emulator');
  symlinkSync(realBinary, bin);
  const env = { AGENTVER_EMULATOR_BIN: bin, AGENTVER_DATA_DIR: join(dir, 'env-data') };
  const run = await cli(['setup', '--data-dir', 'flag-data'], env, dir);
  expect(run.code).toBe(0);
  expect(run.stdout).toContain('commands use the embedded emulator (no --project, --emulator-host or their environment variables)');
  expect(run.stdout).toContain(`data folder  ${join(dir, 'flag-data')} (from --data-dir)`);
  expect(run.stdout).toContain(`emulator     ${bin} (bigquery-emulator v0.8.1, from AGENTVER_EMULATOR_BIN)`);
  const missing = await cli(['setup'], { AGENTVER_EMULATOR_BIN: join(dir, 'nothing') }, dir);
  expect(missing.code).toBe(2);
  expect(missing.stderr).toContain(
    `AGENTVER_EMULATOR_BIN: must name a bigquery-emulator v0.8.1 binary; ${join(dir, 'nothing')} does not exist`,
  );
});
