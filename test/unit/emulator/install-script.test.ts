// bigquery-emulator/install.mjs, the one builder of the emulator for clones and installed copies:
// a per-user cache, one build however many processes ask at once, and clear ways out without Go.
// A fake `go` stands in for the toolchain: a real cold build takes minutes and GBs of RAM.
import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { chmodSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const which = (command: string) => spawnSync('sh', ['-c', `command -v ${command}`], { encoding: 'utf8' }).stdout.trim();
const source = new URL('../../../bigquery-emulator/', import.meta.url).pathname;

// `go install` here writes a stand-in binary to $GOBIN after a pause (so concurrent callers overlap)
// and counts its builds in $BUILDS.
const FAKE_GO = (version: string) => `#!/bin/sh
if [ "$1" = env ]; then echo ${version}; exit 0; fi
if [ "$1" = install ]; then
  echo build >> "$BUILDS"; ${which('sleep')} 1
  printf '#!/bin/sh\\necho fake emulator\\n' > "$GOBIN/bigquery-emulator"; ${which('chmod')} +x "$GOBIN/bigquery-emulator"; exit 0
fi
exit 1
`;

/** A copy of bigquery-emulator/ with nothing built, a HOME of its own, and a PATH holding only a fake go (if any). */
function sandbox(fakeGoVersion?: string) {
  const dir = mkdtempSync(join(tmpdir(), 'agentver-install-'));
  for (const file of ['install.mjs', 'go.mod', 'go.sum', 'tools.go']) copyFileSync(join(source, file), join(dir, file));
  const bin = join(dir, 'fake-bin');
  mkdirSync(bin);
  if (fakeGoVersion) {
    writeFileSync(join(bin, 'go'), FAKE_GO(fakeGoVersion));
    chmodSync(join(bin, 'go'), 0o755);
  }
  const env = { PATH: bin, HOME: join(dir, 'home'), BUILDS: join(dir, 'builds') };
  return { dir, env, cache: join(dir, 'home', '.cache', 'agentver', 'bigquery-emulator', 'v0.8.1') };
}

const builds = (dir: string) => (existsSync(join(dir, 'builds')) ? readFileSync(join(dir, 'builds'), 'utf8').trim().split('\n').length : 0);

function install(dir: string, env: Record<string, string>) {
  return spawnSync(process.execPath, [join(dir, 'install.mjs')], { env, encoding: 'utf8' });
}

// Each test spawns node (and a fake go that sleeps): slow on a loaded machine, hence the timeout.
describe('bigquery-emulator/install.mjs', { timeout: 60_000 }, () => {
  it('says what to install and the other two ways out when Go is missing, naming no script', () => {
    const { dir, env } = sandbox();
    const result = install(dir, env);
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/Go is not installed/);
    expect(result.stderr).toContain('install Go 1.25+ (https://go.dev/doc/install)');
    expect(result.stderr).toContain('set AGENTVER_EMULATOR_BIN');
    expect(result.stderr).toMatch(/docker run .*ghcr\.io\/goccy\/bigquery-emulator:0\.8\.1/);
    expect(result.stderr).toContain('agentver --emulator-host http://localhost:9050 init');
    expect(result.stderr).not.toMatch(/npm run|install\.mjs/);
  });

  it('refuses a Go older than the module needs', () => {
    const { dir, env } = sandbox('go1.21.5');
    const result = install(dir, env);
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/Go 1\.21 is too old: github\.com\/goccy\/bigquery-emulator v0\.8\.1 needs Go 1\.25\+/);
  });

  it('builds into the per-user cache once, says what and how long, and reuses it', () => {
    const { dir, env, cache } = sandbox('go1.26.0');
    const first = install(dir, env);
    expect(first.status).toBe(0);
    expect(first.stdout).toContain('Building the BigQuery emulator (github.com/goccy/bigquery-emulator v0.8.1) with go 1.26 into');
    expect(first.stdout).toContain('a cold build takes about 5 minutes');
    expect(readFileSync(join(cache, 'bigquery-emulator'), 'utf8')).toContain('fake emulator');
    const second = install(dir, env);
    expect(second.stdout).toContain(`bigquery-emulator v0.8.1 already built: ${join(cache, 'bigquery-emulator')}`);
    expect(builds(dir)).toBe(1);
  });

  it('honours XDG_CACHE_HOME when it is absolute', () => {
    const { dir, env } = sandbox('go1.26.0');
    const xdg = join(dir, 'xdg');
    expect(install(dir, { ...env, XDG_CACHE_HOME: xdg }).status).toBe(0);
    expect(existsSync(join(xdg, 'agentver', 'bigquery-emulator', 'v0.8.1', 'bigquery-emulator'))).toBe(true);
  });

  it('makes one build for five processes that ask at once, and leaves no temporary folder', async () => {
    const { dir, env, cache } = sandbox('go1.26.0');
    const runs = Array.from({ length: 5 }, () => spawn(process.execPath, [join(dir, 'install.mjs')], { env, stdio: 'ignore' }));
    const codes = await Promise.all(runs.map(async (run) => ((await once(run, 'exit')) as [number])[0]));
    expect(codes).toEqual([0, 0, 0, 0, 0]);
    expect(builds(dir)).toBe(1);
    expect(readFileSync(join(cache, 'bigquery-emulator'), 'utf8')).toContain('fake emulator');
    expect(readdirSync(join(cache, '..'))).toEqual(['v0.8.1']);
  });

  it('uses AGENTVER_EMULATOR_BIN as it is, and names it when it does not exist', () => {
    const { dir, env } = sandbox();
    const binary = join(dir, 'my-emulator');
    writeFileSync(binary, '');
    expect(install(dir, { ...env, AGENTVER_EMULATOR_BIN: binary }).stdout).toContain(`already built: ${binary}`);
    const missing = install(dir, { ...env, AGENTVER_EMULATOR_BIN: join(dir, 'nothing') });
    expect(missing.status).toBe(1);
    expect(missing.stderr).toContain(`AGENTVER_EMULATOR_BIN names ${join(dir, 'nothing')}, which does not exist`);
  });
});
