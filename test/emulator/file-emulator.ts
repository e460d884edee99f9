import { type LocalEmulator, startEmulator } from 'agentver';
import { afterAll } from 'vitest';

// One emulator per test file, started on first use (≈0.15 s). A shared emulator slows with every
// table it holds (3.8× per request at 81 tables, bench/RESULTS.md) and keeps ~18 MiB per write
// script, so files that ran late paid for every file before them.
let emulator: Promise<LocalEmulator> | undefined;

/** The test file's own emulator: its host and project. */
export async function fileEmulator(): Promise<{ host: string; projectId: string }> {
  emulator ??= startEmulator({ projectId: 'agentver-test' });
  const { host, projectId } = await emulator;
  return { host, projectId };
}

afterAll(async () => {
  await (await emulator)?.stop();
});
