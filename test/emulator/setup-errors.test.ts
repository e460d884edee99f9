// Setup mistakes, met through the CLI: each error says what to do, and the credentials hint
// appears only where credentials could be the cause.

import { once } from 'node:events';
import { mkdtempSync } from 'node:fs';
import { createServer, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { checkEmulatorHost } from '../../src/emulator/check-emulator-host.js';
import { runCliCaptured } from './cli-harness.js';
import { fileEmulator } from './file-emulator.js';

const cwd = mkdtempSync(join(tmpdir(), 'agentver-setup-errors-'));

it('says run agentver init on an emulator whose dataset was never initialised', async () => {
  const { host, projectId } = await fileEmulator();
  const run = await runCliCaptured(['list', '--emulator-host', host, '--project', projectId, '--dataset', 'never_initialised'], { cwd });
  expect(run.code).toBe(3);
  expect(run.stderr).toMatch(/Table not found/);
  expect(run.stderr).toContain('hint: The dataset or its tables do not exist yet: run agentver init');
  expect(run.stderr).not.toContain('credentials');
});

it('names the host it could not reach, without a credentials hint', async () => {
  const server = createServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  server.close();
  const run = await runCliCaptured(['list', '--emulator-host', `http://127.0.0.1:${port}`], { cwd });
  expect(run.code).toBe(3);
  expect(run.stderr).toContain(
    `error: cannot reach the BigQuery emulator at http://127.0.0.1:${port} (from --emulator-host): ECONNREFUSED`,
  );
  expect(run.stderr).not.toContain('credentials');
});

it('does not call a busy emulator unreachable: a host that accepts connections passes the check at once', async () => {
  // The emulator serializes requests, so while it runs a long query it answers late but still
  // accepts connections; only a refused or unroutable host fails the check.
  const held: Socket[] = [];
  const server = createServer((socket) => held.push(socket)).listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  try {
    await expect(checkEmulatorHost(`http://127.0.0.1:${port}`, 'local', '--emulator-host', 1000)).resolves.toBeUndefined();
  } finally {
    for (const socket of held) socket.destroy();
    server.close();
  }
  await expect(checkEmulatorHost(`http://127.0.0.1:${port}`, 'local', '--emulator-host', 1000)).rejects.toThrow(/ECONNREFUSED/);
});
