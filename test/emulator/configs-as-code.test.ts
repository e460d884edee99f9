// plan / apply / export / scan through the CLI on the emulator: drift shown against the new latest,
// conflicts, idempotent reruns, saved plans refused after a move, export → plan in sync, and no
// credential ever written.
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { type CliRun, runCliCaptured } from './cli-harness.js';
import { createTestConnection } from './test-connection.js';

let global: string[];
let dir: string;

const cli = (args: string[]): Promise<CliRun> => runCliCaptured([...args, ...global], { cwd: dir });
const write = (path: string, text: string) => {
  mkdirSync(join(dir, path, '..'), { recursive: true });
  writeFileSync(join(dir, path), text);
};
const plan = async (folder: string) => {
  const run = await cli(['plan', folder, '--format', 'json']);
  expect(run.code, run.stdout + run.stderr).toBe(0);
  return run.json() as {
    agents: Array<{ agent_id: string; action: string; base_version: number | null; changed_fields: string[] }>;
    summary: Record<string, number>;
  };
};
const history = async (agent: string) =>
  (await cli(['history', agent, '--format', 'json'])).json() as Array<{ version: number; author: string; changeMessage: string }>;

const TRIAGE = 'name: Triage\nsystem_prompt: |\n  Route tickets.\n  Be brief.\nmodel: gpt-4.1\ntemperature: 0.3\ntools: [search_kb]\n';
const BILLING =
  'name: Billing\nsystem_prompt: "Answer billing questions. \\u00e9 ✓"\nmodel: gpt-4.1\nextra: { team: billing, tags: [a, b] }\n';

beforeAll(async () => {
  const conn = await createTestConnection('plan');
  dir = mkdtempSync(join(tmpdir(), 'agentver-plan-'));
  global = ['--emulator-host', conn.emulatorHost as string, '--project', conn.projectId, '--dataset', conn.datasetId, '--author', 'ci-bot'];
  expect((await cli(['init'])).code).toBe(0);
  write('agents/triage.yaml', TRIAGE);
  write('agents/billing.yaml', BILLING);
});

describe('plan and apply', () => {
  it('plans every file as a create on an empty dataset, and --detailed-exitcode says changes are pending', async () => {
    const planned = await plan('agents');
    expect(planned.agents.map((agent) => [agent.agent_id, agent.action, agent.base_version])).toEqual([
      ['billing', 'create', null],
      ['triage', 'create', null],
    ]);
    expect((await cli(['plan', 'agents', '--detailed-exitcode'])).code).toBe(4);
    const markdown = await cli(['plan', 'agents', '--format', 'markdown']);
    expect(markdown.stdout).toMatch(/^\*\*agentver plan\*\*: 2 to create/);
  });

  it('applies, then is in sync; a rerun writes nothing', async () => {
    const applied = await runCliCaptured(['apply', 'agents', '-m', 'sync', '--yes', '--format', 'json', ...global], {
      cwd: dir,
    });
    expect(applied.code, applied.stdout + applied.stderr).toBe(0);
    expect(applied.json()).toMatchObject({ summary: { written: 2, conflict: 0 } });
    expect(await history('triage')).toMatchObject([{ version: 1, author: 'ci-bot', changeMessage: 'sync' }]);
    expect((await plan('agents')).summary).toMatchObject({ create: 0, update: 0, unchanged: 2 });
    expect((await cli(['plan', 'agents', '--detailed-exitcode'])).code).toBe(0);
    const again = await cli(['apply', 'agents', '--yes', '--format', 'json']);
    expect(again.json()).toMatchObject({ agents: [], summary: { written: 0 } });
    expect((await history('billing')).map((entry) => entry.version)).toEqual([1]);
  });

  it('shows drift: an edit in BigQuery is an update against the new latest, listed field by field', async () => {
    expect((await cli(['edit', 'triage', '--set', 'temperature=0.9', '-m', 'clicked save'])).code).toBe(0);
    const planned = await plan('agents');
    expect(planned.agents.find((agent) => agent.agent_id === 'triage')).toMatchObject({
      action: 'update',
      base_version: 2,
      changed_fields: ['temperature'],
    });
    const text = await cli(['plan', 'agents']);
    expect(text.stdout).toMatch(/temperature/);
  });

  it('refuses a saved plan after BigQuery moved, writing nothing, and applies a fresh one exactly', async () => {
    const saved = await cli(['plan', 'agents', '--format', 'json']);
    writeFileSync(join(dir, 'plan.json'), saved.stdout);
    expect((await cli(['edit', 'triage', '--set', 'temperature=1.1', '-m', 'again'])).code).toBe(0);
    const refused = await cli(['apply', '--plan-file', 'plan.json', '--yes', '--format', 'json']);
    expect(refused.code).toBe(1);
    expect(refused.json()).toMatchObject({ error: { code: 'conflict', agentId: 'triage', expectedVersion: 2, currentVersion: 3 } });
    expect((await history('triage')).map((entry) => entry.version)).toEqual([3, 2, 1]);

    writeFileSync(join(dir, 'plan.json'), (await cli(['plan', 'agents', '--format', 'json'])).stdout);
    const exact = await cli(['apply', '--plan-file', 'plan.json', '--yes', '--format', 'json']);
    expect(exact.code, exact.stdout).toBe(0);
    expect(exact.json()).toMatchObject({ agents: [{ agent_id: 'triage', outcome: 'written', version: 4 }] });
    const tampered = JSON.parse(saved.stdout);
    tampered.agents[1].config.temperature = 2;
    writeFileSync(join(dir, 'tampered.json'), JSON.stringify(tampered));
    const edited = await cli(['apply', '--plan-file', 'tampered.json', '--yes']);
    expect(edited.code).toBe(2);
    expect(edited.stderr).toMatch(/plan file was edited/);
  });

  it('applies the rest when one agent conflicts, and exits 1 with a summary', async () => {
    write('agents/triage.yaml', TRIAGE.replace('Be brief.', 'Be very brief.'));
    write('agents/billing.yaml', BILLING.replace('Billing', 'Billing desk'));
    writeFileSync(join(dir, 'plan.json'), (await cli(['plan', 'agents', '--format', 'json'])).stdout);
    expect((await cli(['edit', 'billing', '--set', 'temperature=0.1', '-m', 'meanwhile'])).code).toBe(0);
    // The plan saw billing@1; apply re-plans from the files here, so guard with the saved plan's bases instead:
    const planned = JSON.parse(readFileSync(join(dir, 'plan.json'), 'utf8'));
    expect(planned.agents.map((agent: { base_version: number }) => agent.base_version)).toEqual([1, 4]);
    const { applyPlan, connect } = await import('agentver');
    const [host, project, dataset] = [global[1], global[3], global[5]] as [string, string, string];
    const result = await applyPlan(connect({ projectId: project, datasetId: dataset, emulatorHost: host }), planned, {
      author: 'ci-bot',
      message: 'partial',
    });
    expect(result.summary).toEqual({ written: 1, replayed: 0, conflict: 1, failed: 0 });
    expect(result.agents.find((agent) => agent.agent_id === 'billing')).toMatchObject({
      outcome: 'conflict',
      error: { currentVersion: 2 },
    });
    expect((await history('billing')).map((entry) => entry.version)).toEqual([2, 1]);
    expect((await history('triage'))[0]).toMatchObject({ version: 5, changeMessage: 'partial' });
    const stale = await cli(['apply', '--plan-file', 'plan.json', '--yes']);
    expect(stale.code).toBe(1);
    expect(stale.stderr).toMatch(/saved plan is stale/);
  });
});

describe('export', () => {
  it('writes files that plan reads back in sync, for every field', async () => {
    const edited = await cli([
      'edit',
      'billing',
      '--set',
      'policy_overrides.pii=redact',
      '--set',
      'budgets.max_tokens_per_task=900',
      '-m',
      'more',
    ]);
    expect(edited.code, edited.stderr).toBe(0);
    const exported = await cli(['export', 'exported', '--format', 'json']);
    expect(exported.code, exported.stderr).toBe(0);
    expect((exported.json() as unknown[]).length).toBe(2);
    expect((await plan('exported')).summary).toMatchObject({ create: 0, update: 0, unchanged: 2, not_in_files: 0 });
    const show = await cli(['show', 'triage', '--format', 'yaml']);
    expect(show.stdout).toBe(`${readFileSync(join(dir, 'exported/triage.yaml'), 'utf8')}\n`.replace(/\n\n$/, '\n'));
  });
});

describe('secrets', () => {
  // an OpenAI project key's shape, built here so the repository itself holds none
  const run = 'A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8S9t0U1v2W3x4Y5z6'.repeat(2).slice(0, 74);
  const key = `sk-${'proj-'}${run}${'T3Blbk'}FJ${run}`;
  it('refuses a credential in create, edit, plan and apply, naming the field and masking it; nothing written', async () => {
    write('secret/leaky.yaml', `name: Leaky\nsystem_prompt: |\n  Be nice.\n  Use ${key} for the API.\nmodel: gpt-4.1\n`);
    for (const args of [
      ['create', 'leaky', '--file', 'secret/leaky.yaml', '-m', 'x'],
      ['plan', 'secret'],
      ['apply', 'secret', '--yes'],
      ['edit', 'triage', '--set', `extra.token=${key}`, '-m', 'x'],
    ]) {
      const run = await cli([...args, '--format', 'json']);
      expect(run.code, args.join(' ')).toBe(2);
      const error = (run.json() as { error: { problems: Array<{ field: string; rule: string }> } }).error;
      expect(error.problems[0]?.field).toMatch(/system_prompt|extra\.token/);
      expect(error.problems[0]?.rule).toMatch(/OpenAI/);
      expect(run.stdout + run.stderr).not.toContain(key);
    }
    expect((await cli(['show', 'leaky'])).code).toBe(1);
    expect((await history('triage'))[0]?.version).toBe(5);
  });

  it('allows a named field on purpose, recording it, and scan finds it (exit 1), masked', async () => {
    const run = await cli(['edit', 'triage', '--set', `extra.token=${key}`, '--allow-secret', 'extra.token', '-m', 'vendor key']);
    expect(run.code, run.stderr).toBe(0);
    expect((await history('triage'))[0]?.changeMessage).toMatch(/vendor key \[secrets allowed: extra\.token \(OpenAI/);
    const scan = await cli(['scan', 'triage']);
    expect(scan.code).toBe(1);
    expect(scan.stdout).toMatch(/triage@6\s+extra\.token/);
    expect(scan.stdout + scan.stderr).not.toContain(key);
    const clean = await cli(['scan', 'billing']);
    expect(clean.code, clean.stderr).toBe(0);
  });
});
