// `npm run demo` runs in CI: the built demo, on its own embedded emulator, tells the whole story.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { expect, it } from 'vitest';

it('creates, edits, measures, flags the drop with its p-value, rolls back, canaries v4 and watch rolls it back, then ramps v6 and ships it', async () => {
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
  // the causal story: a canary on randomized traffic, judged by watch, rolled back with its evidence
  expect(stdout).toContain('production → release 2: version 3 at 80% (baseline), version 4 at 20% (candidate)');
  expect(stdout).toMatch(/support_triage@4: \d+ runs, [\d.]+% resolved/);
  expect(stdout).toMatch(/production of support_triage, release 2 \(canary since release 2, day [\d.]+\)/);
  expect(stdout).toMatch(/ {4}decision: rollback\n {4}reason: {3}Roll back: resolution_rate is worse in the candidate/);
  expect(stdout).toMatch(/units: {4}baseline \d+, candidate \d+ \(candidate [\d.]+%, expected 20%\); SRM p = .*; misassigned 0/);
  expect(stdout).toMatch(/method: {3}unit-level delta method .* within strata by entry state/);
  expect(stdout).toMatch(/resolution_rate +primary +0\.\d+ +0\.\d+ +-0\.\d+ +\[-0\.\d+, -0\.\d+\] +([−+][\d.]+% var +)?worse/);
  expect(stdout).toContain('applied:  yes (rolled back: release 3 serves version 3 at 100%)');
  // the staged rollout: customers with history, 25% → 50% → shipped, CUPED in the evidence
  expect(stdout).toContain(
    'agentver canary support_triage 6 --label production --ramp 25,50,100 --stage-hours 0.001 --ship-when no-harm --guardrail error_rate:+0.02 --guardrail cost_usd:+20%',
  );
  expect(stdout).toMatch(/ {4}decision: advance\n {4}reason: {3}Advance to 50%: 25% has served [\d.]+ h \(at least 0\.001\) with no harm/);
  expect(stdout).toMatch(/ramp: {5}25% → 50% → 100%, 0\.001 h a share; at 25% for [\d.]+ h, next 50%; ship when no-harm/);
  expect(stdout).toMatch(/resolution_rate +primary .* −[\d.]+% var +(no difference yet|better)/);
  expect(stdout).toMatch(/ {4}decision: promote\n {4}reason: {3}Promote: the ramp is done \(50% for [\d.]+ h\) with no harm/);
  expect(stdout).toMatch(/production: release \d+ \(promote\) serves version 6 at 100%, by watch@acme\.dev/);
}, 300_000);
