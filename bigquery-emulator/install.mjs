#!/usr/bin/env node
// Builds goccy/bigquery-emulator at the version pinned in ./go.mod (checksums in ./go.sum) with
// `go install`, into a per-user cache (~/.cache/agentver/bigquery-emulator/<version>/, or under
// $XDG_CACHE_HOME), so a machine builds it once for every clone and every installed copy of agentver.
// Does nothing when that exact build exists. Plain Node with no dependencies: it runs before
// `npm install` has happened, and the installed package imports it to build on first use.
import { spawn, spawnSync } from 'node:child_process';
import { createHash, randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, isAbsolute, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const MODULE = 'github.com/goccy/bigquery-emulator';
const BINARY = 'bigquery-emulator';
/** Measured on a 2-core machine with empty Go caches (bench/RESULTS.md): 4 min 19 s to 4 min 42 s. */
const COLD_BUILD = 'about 5 minutes and a few GB of RAM';
// A builder refreshes its lock this often; a lock older than LOCK_STALE_MS belongs to a builder that died.
const LOCK_REFRESH_MS = 5_000;
const LOCK_STALE_MS = 60_000;

const goMod = readFileSync(join(here, 'go.mod'), 'utf8');
const goSum = readFileSync(join(here, 'go.sum'), 'utf8');

/** The emulator version go.mod pins, e.g. `v0.8.1`. */
export const EMULATOR_VERSION = goMod.match(/github\.com\/goccy\/bigquery-emulator (v[0-9][^\s]*)/)?.[1] ?? 'unpinned';
const STAMP = createHash('sha256').update(goMod).update(goSum).digest('hex');

/** The three ways to an emulator, for every message that says none could be found or built. */
export const NO_EMULATOR_HELP = [
  'Any one of these gives agentver its emulator:',
  `  - install Go 1.25+ (https://go.dev/doc/install): agentver then builds the emulator on first use, once per machine (${COLD_BUILD});`,
  `  - set AGENTVER_EMULATOR_BIN to a bigquery-emulator ${EMULATOR_VERSION} binary built elsewhere;`,
  `  - or run the emulator's Docker image and point agentver at it (then run agentver init once):`,
  `      docker run -p 9050:9050 ghcr.io/goccy/bigquery-emulator:${EMULATOR_VERSION.replace(/^v/, '')} --project=local`,
  '      agentver --emulator-host http://localhost:9050 init',
].join('\n');

/** Why no emulator binary could be had: `reason` is one of no_go, go_too_old, bin_missing, build_failed. */
export class EmulatorSetupError extends Error {
  constructor(reason, message) {
    super(message);
    this.name = 'EmulatorSetupError';
    this.reason = reason;
  }
}

/** The per-user cache folder of the pinned version; XDG_CACHE_HOME counts only when absolute, as the XDG spec says. */
export function emulatorCacheDir(env = process.env) {
  const cacheHome = env.XDG_CACHE_HOME && isAbsolute(env.XDG_CACHE_HOME) ? env.XDG_CACHE_HOME : join(env.HOME || homedir(), '.cache');
  return join(cacheHome, 'agentver', 'bigquery-emulator', EMULATOR_VERSION);
}

/** Where the binary is, without building it: AGENTVER_EMULATOR_BIN, else the cache. */
export function emulatorBinaryPath(env = process.env) {
  return env.AGENTVER_EMULATOR_BIN || join(emulatorCacheDir(env), BINARY);
}

function isBuilt(dir) {
  try {
    return existsSync(join(dir, BINARY)) && readFileSync(join(dir, 'stamp'), 'utf8') === STAMP;
  } catch {
    return false;
  }
}

function requiredGo() {
  const match = goMod.match(/^go (\d+)\.(\d+)/m);
  return match ? [Number(match[1]), Number(match[2])] : [1, 25];
}

function goVersion(env) {
  const result = spawnSync('go', ['env', 'GOVERSION'], { encoding: 'utf8', env: { ...env, GOTOOLCHAIN: 'local' } });
  const match = result.status === 0 ? result.stdout.trim().match(/^go(\d+)\.(\d+)/) : undefined;
  return match ? [Number(match[1]), Number(match[2])] : undefined;
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * One builder per cache: the lock is a directory (mkdir is atomic), refreshed while the build runs.
 * Taking over a stale lock renames it away first, so two waiters cannot both remove it; the rare
 * race that remains can only make two builds, never a broken cache, because a build becomes the
 * cache by one atomic rename.
 */
async function withBuildLock(lockDir, onWait, body) {
  let waiting = false;
  for (;;) {
    try {
      mkdirSync(lockDir);
      break;
    } catch (error) {
      if (error.code !== 'EEXIST') throw error;
    }
    let age;
    try {
      age = Date.now() - statSync(lockDir).mtimeMs;
    } catch {
      continue; // released while we looked
    }
    if (age > LOCK_STALE_MS) {
      const stale = `${lockDir}.stale-${randomUUID()}`;
      try {
        renameSync(lockDir, stale);
        rmSync(stale, { recursive: true, force: true });
      } catch {
        // another waiter took it over first
      }
      continue;
    }
    if (!waiting) onWait();
    waiting = true;
    await sleep(500);
  }
  const refresh = setInterval(() => {
    const now = new Date();
    try {
      utimesSync(lockDir, now, now);
    } catch {
      // the lock was taken over: the atomic rename below still keeps the cache whole
    }
  }, LOCK_REFRESH_MS);
  refresh.unref();
  try {
    return await body();
  } finally {
    clearInterval(refresh);
    rmSync(lockDir, { recursive: true, force: true });
  }
}

function runGoInstall(binDir, env, inheritOutput) {
  return new Promise((resolve, reject) => {
    const child = spawn('go', ['install', `${MODULE}/cmd/${BINARY}`], {
      cwd: here,
      stdio: ['ignore', inheritOutput ? 'inherit' : 'pipe', inheritOutput ? 'inherit' : 'pipe'],
      env: { ...env, GOBIN: binDir, GOFLAGS: '-mod=readonly -buildvcs=false', GOTOOLCHAIN: 'local' },
    });
    let output = '';
    const keep = (chunk) => {
      output = (output + chunk.toString()).slice(-4000);
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code: code ?? signal, output }));
  });
}

/** Builds the binary into a new folder beside the cache. */
async function buildInto(tempDir, env, log, inheritOutput) {
  mkdirSync(tempDir, { recursive: true });
  const [needMajor, needMinor] = requiredGo();
  const have = goVersion(env);
  if (!have) {
    throw new EmulatorSetupError(
      'no_go',
      `No BigQuery emulator yet, and Go is not installed (or not on PATH) to build ${MODULE} ${EMULATOR_VERSION}.\n${NO_EMULATOR_HELP}`,
    );
  }
  if (have[0] < needMajor || (have[0] === needMajor && have[1] < needMinor)) {
    throw new EmulatorSetupError(
      'go_too_old',
      `Go ${have.join('.')} is too old: ${MODULE} ${EMULATOR_VERSION} needs Go ${needMajor}.${needMinor}+.\n${NO_EMULATOR_HELP}`,
    );
  }
  const started = Date.now();
  log(
    `Building the BigQuery emulator (${MODULE} ${EMULATOR_VERSION}) with go ${have.join('.')} into ${dirname(tempDir)}: ` +
      `once per machine, a cold build takes ${COLD_BUILD}...`,
  );
  const { code, output } = await runGoInstall(tempDir, env, inheritOutput);
  if (code !== 0 || !existsSync(join(tempDir, BINARY))) {
    throw new EmulatorSetupError(
      'build_failed',
      `go install ${MODULE}/cmd/${BINARY}@${EMULATOR_VERSION} failed (exit ${code})${output ? `:\n${output.trimEnd()}` : '; read the build output above'}\n${NO_EMULATOR_HELP}`,
    );
  }
  log(`Built the BigQuery emulator in ${((Date.now() - started) / 1000).toFixed(0)} s`);
}

/**
 * Returns the emulator binary, building it into the cache on first use. Concurrent callers, in
 * any number of processes, make one build: the others wait for it. The build goes to a temporary
 * folder that becomes the cache by one rename, so a killed build leaves no half-written cache.
 * @returns {Promise<{ path: string, source: 'AGENTVER_EMULATOR_BIN' | 'cache' | 'built' }>}
 */
export async function ensureEmulator({ env = process.env, log = (line) => process.stderr.write(`${line}\n`), inheritOutput = false } = {}) {
  if (env.AGENTVER_EMULATOR_BIN) {
    if (existsSync(env.AGENTVER_EMULATOR_BIN)) return { path: env.AGENTVER_EMULATOR_BIN, source: 'AGENTVER_EMULATOR_BIN' };
    throw new EmulatorSetupError(
      'bin_missing',
      `AGENTVER_EMULATOR_BIN names ${env.AGENTVER_EMULATOR_BIN}, which does not exist.\n${NO_EMULATOR_HELP}`,
    );
  }
  const dir = emulatorCacheDir(env);
  const path = join(dir, BINARY);
  if (isBuilt(dir)) return { path, source: 'cache' };
  mkdirSync(dirname(dir), { recursive: true });
  return withBuildLock(
    `${dir}.lock`,
    () => log(`Waiting for another process that is building the BigQuery emulator ${EMULATOR_VERSION} into ${dir}...`),
    async () => {
      if (isBuilt(dir)) return { path, source: 'cache' };
      const tempDir = `${dir}.build-${randomUUID()}`;
      try {
        await buildInto(tempDir, env, log, inheritOutput);
        writeFileSync(join(tempDir, 'stamp'), STAMP);
        // A folder from an older go.sum is moved aside first: rename will not replace a non-empty folder.
        const old = `${dir}.old-${randomUUID()}`;
        if (existsSync(dir)) renameSync(dir, old);
        renameSync(tempDir, dir);
        rmSync(old, { recursive: true, force: true });
      } finally {
        rmSync(tempDir, { recursive: true, force: true });
      }
      return { path, source: 'built' };
    },
  );
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  try {
    const { path, source } = await ensureEmulator({ log: (line) => process.stdout.write(`${line}\n`), inheritOutput: true });
    process.stdout.write(
      source === 'built'
        ? `bigquery-emulator ${EMULATOR_VERSION}: ${path}\n`
        : `bigquery-emulator ${EMULATOR_VERSION} already built: ${path}\n`,
    );
  } catch (error) {
    process.stderr.write(`bigquery-emulator install: ${error.message}\n`);
    process.exit(1);
  }
}
