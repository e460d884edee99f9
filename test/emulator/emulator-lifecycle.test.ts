// The emulator never outlives the process that started it, however that process ends.

import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { readdirSync, readFileSync } from 'node:fs';
import { startEmulator } from 'agentver';
import { expect, it } from 'vitest';

const moduleUrl = new URL('../../src/emulator/local-emulator.ts', import.meta.url).href;

async function isAnswering(host: string): Promise<boolean> {
  try {
    return (await fetch(`${host}/bigquery/v2/projects/lifecycle/datasets`, { signal: AbortSignal.timeout(1000) })).ok;
  } catch {
    return false;
  }
}

/** Processes whose command line has this argument (Linux /proc), e.g. the emulator's --port=N; `binaryOnly` keeps the emulator itself, not its watchdog. */
function processesWith(argument: string, binaryOnly = false): number[] {
  return readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .filter((pid) => {
      try {
        const argv = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
        return argv.includes(argument) && (!binaryOnly || Boolean(argv[0]?.endsWith('bigquery-emulator')));
      } catch {
        return false; // the process ended while we looked
      }
    })
    .map(Number);
}

it('starts on free ports, answers, and stops cleanly', async () => {
  const emulator = await startEmulator({ projectId: 'lifecycle' });
  expect(emulator.host).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  expect(emulator.restPort).not.toBe(emulator.grpcPort);
  expect(await isAnswering(emulator.host)).toBe(true);
  expect(processesWith(`--port=${emulator.restPort}`).length).toBeGreaterThan(0); // the emulator and its watchdog
  await emulator.stop();
  // stop() resolves once the emulator has exited; its watchdog's pipe reader ends right after.
  expect(processesWith(`--port=${emulator.restPort}`, true)).toEqual([]);
  expect(await isAnswering(emulator.host)).toBe(false);
  await expect.poll(() => processesWith(`--port=${emulator.restPort}`), { timeout: 5000, interval: 50 }).toEqual([]);
});

for (const signal of ['SIGINT', 'SIGKILL'] as const) {
  it(`leaves no emulator behind when its parent dies by ${signal}`, async () => {
    // A parent that starts the emulator, prints its host, and waits to be killed.
    const script = `const { startEmulator } = await import(${JSON.stringify(moduleUrl)});
      const emulator = await startEmulator({ projectId: 'lifecycle' });
      process.stdout.write(emulator.host + '\\n');
      setInterval(() => {}, 1000);`;
    const parent = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const [chunk] = (await once(parent.stdout, 'data')) as [Buffer];
    const host = chunk.toString().trim();
    expect(await isAnswering(host)).toBe(true);
    parent.kill(signal);
    await once(parent, 'exit');
    await expect.poll(() => isAnswering(host), { timeout: 10_000, interval: 200 }).toBe(false);
    await expect.poll(() => processesWith(`--port=${new URL(host).port}`), { timeout: 10_000, interval: 200 }).toEqual([]);
  }, 30_000);
}
