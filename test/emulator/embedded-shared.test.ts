// One data folder, many processes, through the built CLI (npm test builds it first): commands run
// while `agentver ui` serves the same folder, by attaching to its emulator instead of waiting for
// the page to stop; a server or a page killed with -9 is recovered from; commands started at once
// on a new folder start one server between them. No timings here: they are in
// bench/embedded-shared-bench.ts.
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { liveClientLeases } from '../../src/cli/embedded-client-lease.js';
import { readServerRecord } from '../../src/cli/embedded-server-record.js';
import { isProcessAlive } from '../../src/cli/process-alive.js';
import { emulatorBinaryPath } from '../../src/emulator/emulator-binary.js';

const cli = new URL('../../dist/cli/main.js', import.meta.url).pathname;
const binary = emulatorBinaryPath();

interface Folder {
  dir: string;
  data: string;
  env: NodeJS.ProcessEnv;
}

/** A folder of its own with one agent file; only the data folder and the binary in the environment. */
function newFolder(idleSeconds: number): Folder {
  const dir = mkdtempSync(join(tmpdir(), 'agentver-shared-'));
  writeFileSync(join(dir, 'a.yaml'), 'name: A\nsystem_prompt: hello\nmodel: m\ntemperature: 0.1\n');
  const data = join(dir, 'data');
  const env = {
    PATH: process.env.PATH,
    HOME: dir,
    AGENTVER_DATA_DIR: data,
    AGENTVER_EMULATOR_BIN: binary,
    AGENTVER_AUTHOR: 'p',
    AGENTVER_EMULATOR_IDLE_SECONDS: String(idleSeconds),
  };
  return { dir, data, env };
}

async function run(folder: Folder, args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [cli, ...args], { cwd: folder.dir, env: folder.env, stdio: ['ignore', 'pipe', 'pipe'] });
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

const started: ChildProcess[] = [];
afterEach(() => {
  for (const child of started.splice(0)) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
});

/** `agentver ui --port 0` on the folder, once it printed its address. */
async function startUi(folder: Folder): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, [cli, 'ui', '--port', '0'], {
    cwd: folder.dir,
    env: folder.env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  started.push(child);
  let output = '';
  child.stdout?.on('data', (chunk) => {
    output += chunk;
  });
  child.stderr?.on('data', (chunk) => {
    output += chunk;
  });
  await expect.poll(() => output, { timeout: 60_000, interval: 50 }).toMatch(/agentver ui on http:\/\/\S+/);
  return { child, url: /agentver ui on (http:\/\/\S+)/.exec(output)?.[1] as string };
}

/** The emulator processes (not their watchdogs) that have this database file open. */
function emulatorsOn(databasePath: string): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const args = readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0');
      if (args[0] === binary && args.includes(`--database=${databasePath}`)) pids.push(Number(entry));
    } catch {
      // ended while listed
    }
  }
  return pids;
}

describe.runIf(process.platform === 'linux')('one embedded data folder, many processes', () => {
  it('list, labels, show and edit succeed while agentver ui serves the folder, and the page sees the edit', async () => {
    const folder = newFolder(0);
    expect((await run(folder, ['create', 'a', '--file', 'a.yaml', '-m', 'first'])).code).toBe(0);
    expect((await run(folder, ['release', 'a', '1', '--label', 'production'])).code).toBe(0);
    const ui = await startUi(folder);

    const list = await run(folder, ['list', '--format', 'json']);
    expect([list.code, list.stderr]).toEqual([0, '']);
    expect(JSON.parse(list.stdout)).toMatchObject([{ agentId: 'a', latestVersion: 1 }]);
    const labels = await run(folder, ['labels', 'a', '--format', 'json']);
    expect([labels.code, labels.stderr]).toEqual([0, '']);
    expect(JSON.parse(labels.stdout)).toMatchObject({ agentId: 'a', latestVersion: 1, labels: [{ label: 'production', version: 1 }] });
    const show = await run(folder, ['show', 'a', '--format', 'json']);
    expect([show.code, show.stderr]).toEqual([0, '']);
    expect(JSON.parse(show.stdout)).toMatchObject({ agentId: 'a', version: 1, config: { name: 'A', system_prompt: 'hello' } });
    const edit = await run(folder, ['edit', 'a', '--set', 'max_tokens=77', '-m', 'while the page runs', '--format', 'json']);
    expect([edit.code, edit.stderr]).toEqual([0, '']);
    expect(JSON.parse(edit.stdout)).toMatchObject({ record: { version: 2 } });

    // One emulator serves both: the page reads what the command wrote.
    const page = await fetch(`${ui.url}/agents/a`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('while the page runs');
    expect(emulatorsOn(join(folder.data, 'emulator.db'))).toHaveLength(1);
    expect(liveClientLeases(folder.data)).toEqual([expect.objectContaining({ pid: ui.child.pid, command: 'agentver ui' })]);

    // The page leaves; its server, with no client left (idle 0 here), stops and removes its record.
    const server = readServerRecord(folder.data);
    ui.child.kill('SIGTERM');
    expect((await once(ui.child, 'exit'))[0]).toBe(0);
    await expect.poll(() => existsSync(join(folder.data, 'emulator.server.json')), { timeout: 30_000 }).toBe(false);
    await expect.poll(() => isProcessAlive(server?.pid ?? 0), { timeout: 10_000 }).toBe(false);
    expect(emulatorsOn(join(folder.data, 'emulator.db'))).toEqual([]);
  }, 240_000);

  it('a server killed with -9 is replaced at the same address, and the page keeps working', async () => {
    const folder = newFolder(0);
    expect((await run(folder, ['create', 'a', '--file', 'a.yaml', '-m', 'first'])).code).toBe(0);
    const ui = await startUi(folder);
    const before = readServerRecord(folder.data);
    expect(before).toBeDefined();
    process.kill(before?.pid as number, 'SIGKILL');
    // Its watchdog stops the emulator with it.
    await expect.poll(() => isProcessAlive(before?.emulatorPid ?? 0), { timeout: 10_000 }).toBe(false);

    const show = await run(folder, ['show', 'a', '--format', 'json']);
    expect([show.code, show.stderr]).toEqual([0, '']);
    expect(JSON.parse(show.stdout)).toMatchObject({ agentId: 'a', version: 1 });
    const after = readServerRecord(folder.data);
    expect(after?.pid).not.toBe(before?.pid);
    expect(after?.host).toBe(before?.host);
    expect(emulatorsOn(join(folder.data, 'emulator.db'))).toEqual([after?.emulatorPid]);
    const page = await fetch(`${ui.url}/agents/a`);
    expect(page.status).toBe(200);
  }, 240_000);

  it('a page killed with -9 leaves no lease behind: its server stops', async () => {
    const folder = newFolder(0);
    const ui = await startUi(folder);
    const server = readServerRecord(folder.data);
    ui.child.kill('SIGKILL');
    await expect.poll(() => existsSync(join(folder.data, 'emulator.server.json')), { timeout: 30_000 }).toBe(false);
    await expect.poll(() => isProcessAlive(server?.pid ?? 0), { timeout: 10_000 }).toBe(false);
    expect(emulatorsOn(join(folder.data, 'emulator.db'))).toEqual([]);
    // And the folder works as before.
    expect((await run(folder, ['list', '--format', 'json'])).code).toBe(0);
  }, 240_000);

  it('a command killed with -9 while it holds the folder is taken over', async () => {
    const folder = newFolder(0);
    const holder = spawn(
      process.execPath,
      [
        '--input-type=module',
        '-e',
        `const { lockDataDir } = await import(${JSON.stringify(new URL('../../dist/cli/data-dir-lock.js', import.meta.url).href)});
         const { mkdirSync } = await import('node:fs');
         mkdirSync(process.argv[1], { recursive: true });
         await lockDataDir(process.argv[1], { holder: { command: 'agentver edit', activity: 'attaching to the embedded emulator' } });
         console.log('held');
         setInterval(() => {}, 1000);`,
        folder.data,
      ],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    started.push(holder);
    const [line] = (await once(holder.stdout as NodeJS.ReadableStream, 'data')) as [Buffer];
    expect(line.toString()).toContain('held');
    holder.kill('SIGKILL');
    await once(holder, 'exit');
    const list = await run(folder, ['list', '--format', 'json']);
    expect([list.code, list.stderr]).toEqual([0, '']);
  }, 120_000);

  it('eight commands started at once on a new folder start one server between them', async () => {
    // A long idle time, so that a late starter on a busy machine still finds the first server.
    const folder = newFolder(120);
    const runs = await Promise.all(Array.from({ length: 8 }, () => run(folder, ['list', '--format', 'json'])));
    expect(runs.map((r) => [r.code, r.stderr, r.stdout.trim()])).toEqual(Array(8).fill([0, '', '[]']));
    const log = readFileSync(join(folder.data, 'emulator.log'), 'utf8');
    expect(log.match(/serving /g)).toHaveLength(1);
    const server = readServerRecord(folder.data);
    expect(emulatorsOn(join(folder.data, 'emulator.db'))).toEqual([server?.emulatorPid]);
    // The server stops on SIGTERM, and removes its record.
    process.kill(server?.pid as number, 'SIGTERM');
    await expect.poll(() => existsSync(join(folder.data, 'emulator.server.json')), { timeout: 30_000 }).toBe(false);
    await expect.poll(() => emulatorsOn(join(folder.data, 'emulator.db')), { timeout: 10_000 }).toEqual([]);
  }, 240_000);
});
