// `npm run demo` runs in CI: the built demo, on its own embedded emulator, tells the whole story.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { expect, it } from 'vitest';

it('creates, edits, measures, flags the drop with its p-value, rolls back and shows the history', async () => {
  const demo = new URL('../../dist/demo/main.js', import.meta.url).pathname;
  const env = { ...process.env };
  delete env.AGENTVER_PROJECT;
  delete env.GOOGLE_CLOUD_PROJECT;
  const { stdout } = await promisify(execFile)(process.execPath, [demo], { env, timeout: 240_000 });
  expect(stdout).toContain('agentver demo on the embedded BigQuery emulator');
  expect(stdout).toContain('support_triage@4 by ann@acme.dev: fewer escalations');
  expect(stdout).toMatch(/support_triage is at version 4 .* not 2: nothing was written/);
  expect(stdout).toContain('all assertions passed');
  expect(stdout).toMatch(/support_triage@3 → support_triage@4: worse/);
  expect(stdout).toMatch(/resolution rate .* −\d+\.\d pp .* < 0\.001 .* worse/);
  expect(stdout).toContain('agentver rollback support_triage --to 3');
  expect(stdout).toMatch(/5 \* oncall@acme\.dev +v4 resolves fewer tickets \(rollback to 3\)/);
}, 300_000);
