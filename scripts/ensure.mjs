#!/usr/bin/env node
// Makes a fresh clone runnable: npm packages, the compiled library and CLI, and the emulator (built
// once per machine into the per-user cache that installed copies of agentver use too).
// Each step does nothing when it is already current, so `npm test` stays fast on a second run.
import { execSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const run = (command) => execSync(command, { cwd: root, stdio: 'inherit' });
const mtime = (path) => (existsSync(path) ? statSync(path).mtimeMs : 0);

function newestIn(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestIn(path) : statSync(path).mtimeMs);
  }
  return newest;
}

// npm writes node_modules/.package-lock.json on every install: older than the lock means stale.
if (mtime(join(root, 'node_modules/.package-lock.json')) < mtime(join(root, 'package-lock.json'))) {
  run('npm ci --no-audit --no-fund');
}
if (mtime(join(root, 'dist/cli/main.js')) < Math.max(newestIn(join(root, 'src')), mtime(join(root, 'tsconfig.json')))) {
  run('npm run build --silent');
}
run('node bigquery-emulator/install.mjs');

// The browser tests (npm test passes --browser; the demo needs none) drive Debian's chromium
// through puppeteer-core, which downloads no browser.
const chrome = process.env.CHROME_PATH || '/usr/bin/chromium';
if (process.argv.includes('--browser') && !existsSync(chrome)) {
  if (process.getuid?.() === 0 && existsSync('/usr/bin/apt-get')) {
    run('apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium');
  } else {
    console.error(
      `The browser tests need Chromium at ${chrome}. Install it (Debian/Ubuntu: sudo apt-get install chromium), ` +
        'or set CHROME_PATH to a Chrome or Chromium binary, then run npm test again.',
    );
    process.exit(1);
  }
}
