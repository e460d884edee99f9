#!/usr/bin/env node
// Builds goccy/bigquery-emulator at the version pinned in ./go.mod (checksums in ./go.sum) with
// `go install`, into ./bin/<version>/ (git-ignored). Does nothing when that exact build exists.
// Plain Node with no dependencies: it runs before `npm install` has happened.
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const MODULE = 'github.com/goccy/bigquery-emulator';
const DOCKER_HINT =
  'Or run the emulator from its Docker image and point agentver at it:\n' +
  '  docker run -p 9050:9050 -p 9060:9060 ghcr.io/goccy/bigquery-emulator:0.8.1 --project=local\n' +
  '  export AGENTVER_EMULATOR_HOST=http://localhost:9050';

function fail(message) {
  process.stderr.write(`bigquery-emulator install: ${message}\n`);
  process.exit(1);
}

function pinnedVersion(goMod) {
  const match = goMod.match(/github\.com\/goccy\/bigquery-emulator (v[0-9][^\s]*)/);
  if (!match) fail(`go.mod does not require ${MODULE}`);
  return match[1];
}

function requiredGo(goMod) {
  const match = goMod.match(/^go (\d+)\.(\d+)/m);
  return match ? [Number(match[1]), Number(match[2])] : [1, 25];
}

function goVersion() {
  try {
    const out = execFileSync('go', ['env', 'GOVERSION'], { encoding: 'utf8', env: { ...process.env, GOTOOLCHAIN: 'local' } });
    const match = out.trim().match(/^go(\d+)\.(\d+)/);
    return match ? [Number(match[1]), Number(match[2])] : undefined;
  } catch {
    return undefined;
  }
}

/** Where the binary for the pinned version lives; the start/stop module computes the same path. */
export function binaryPath() {
  const version = pinnedVersion(readFileSync(join(here, 'go.mod'), 'utf8'));
  return join(here, 'bin', version, 'bigquery-emulator');
}

function install() {
  const goMod = readFileSync(join(here, 'go.mod'), 'utf8');
  const goSum = readFileSync(join(here, 'go.sum'), 'utf8');
  const version = pinnedVersion(goMod);
  const binDir = join(here, 'bin', version);
  const binary = join(binDir, 'bigquery-emulator');
  const stampFile = join(binDir, 'stamp');
  const stamp = createHash('sha256').update(goMod).update(goSum).digest('hex');
  if (existsSync(binary) && existsSync(stampFile) && readFileSync(stampFile, 'utf8') === stamp) {
    process.stdout.write(`bigquery-emulator ${version} already built: ${binary}\n`);
    return;
  }

  const [needMajor, needMinor] = requiredGo(goMod);
  const have = goVersion();
  if (!have) {
    fail(
      `Go is not installed (or not on PATH). Building the BigQuery emulator ${version} needs Go ${needMajor}.${needMinor}+:\n` +
        `  install it from https://go.dev/doc/install (or your package manager), then rerun.\n${DOCKER_HINT}`,
    );
  }
  if (have[0] < needMajor || (have[0] === needMajor && have[1] < needMinor)) {
    fail(
      `Go ${have.join('.')} is too old: ${MODULE} ${version} needs Go ${needMajor}.${needMinor}+.\n` +
        `  Upgrade Go (https://go.dev/doc/install), then rerun.\n${DOCKER_HINT}`,
    );
  }

  mkdirSync(binDir, { recursive: true });
  process.stdout.write(`Building ${MODULE} ${version} with go install (a cold build takes several minutes)...\n`);
  const started = Date.now();
  const result = spawnSync('go', ['install', `${MODULE}/cmd/bigquery-emulator`], {
    cwd: here,
    stdio: 'inherit',
    env: { ...process.env, GOBIN: binDir, GOFLAGS: '-mod=readonly -buildvcs=false', GOTOOLCHAIN: 'local' },
  });
  if (result.status !== 0) {
    fail(`go install failed (exit ${result.status ?? result.signal}). Read the build output above.\n${DOCKER_HINT}`);
  }
  writeFileSync(stampFile, stamp);
  process.stdout.write(`Built ${binary} in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) install();
