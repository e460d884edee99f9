// bigquery-emulator/install.mjs on a machine without a usable Go: a clear message, exit 1.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, copyFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const source = new URL('../../../bigquery-emulator/', import.meta.url).pathname;

/** A copy of bigquery-emulator/ with nothing built, and a PATH holding only `node` (and a fake go). */
function sandbox(fakeGoVersion?: string): { dir: string; path: string } {
  const dir = mkdtempSync(join(tmpdir(), 'agentver-install-'));
  for (const file of ['install.mjs', 'go.mod', 'go.sum', 'tools.go']) copyFileSync(join(source, file), join(dir, file));
  const bin = join(dir, 'fake-bin');
  mkdirSync(bin);
  if (fakeGoVersion) {
    writeFileSync(join(bin, 'go'), `#!/bin/sh\nif [ "$1" = env ]; then echo ${fakeGoVersion}; exit 0; fi\nexit 1\n`);
    chmodSync(join(bin, 'go'), 0o755);
  }
  return { dir, path: bin };
}

function install(dir: string, path: string) {
  return spawnSync(process.execPath, [join(dir, 'install.mjs')], { env: { PATH: path, HOME: dir }, encoding: 'utf8' });
}

describe('bigquery-emulator/install.mjs', () => {
  it('says what to install, and the Docker alternative, when Go is missing', () => {
    const { dir, path } = sandbox();
    const result = install(dir, path);
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/Go is not installed.*needs Go 1\.25\+/s);
    expect(result.stderr).toContain('https://go.dev/doc/install');
    expect(result.stderr).toMatch(/docker run .*ghcr\.io\/goccy\/bigquery-emulator:0\.8\.1/);
  });

  it('refuses a Go older than the module needs', () => {
    const { dir, path } = sandbox('go1.21.5');
    const result = install(dir, path);
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/Go 1\.21 is too old: github\.com\/goccy\/bigquery-emulator v0\.8\.1 needs Go 1\.25\+/);
  });

  it('does nothing when that exact version is already built', () => {
    const { dir, path } = sandbox();
    const built = join(dir, 'bin', 'v0.8.1');
    mkdirSync(built, { recursive: true });
    writeFileSync(join(built, 'bigquery-emulator'), '');
    // The stamp is the sha256 of go.mod then go.sum, as install.mjs writes it after a build.
    writeFileSync(
      join(built, 'stamp'),
      createHash('sha256')
        .update(readFileSync(join(dir, 'go.mod')))
        .update(readFileSync(join(dir, 'go.sum')))
        .digest('hex'),
    );
    const result = install(dir, path);
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('bigquery-emulator v0.8.1 already built');
  });
});
