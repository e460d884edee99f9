import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { type CliRun, runCliCaptured } from './cli-harness.js';
import { createTestConnection } from './test-connection.js';

let global: string[];
let dir: string;

async function cli(args: string[], options: { stdin?: string; interactive?: boolean; confirm?: boolean } = {}): Promise<CliRun> {
  return runCliCaptured([...args, ...global], { cwd: dir, ...options });
}

const file = (name: string, content: string) => {
  writeFileSync(join(dir, name), content);
  return name;
};

const TRIAGE_YAML = `name: Support triage
system_prompt: |
  You are a support agent.
  Be brief.
model: gpt-4.1
temperature: 0.3
tools: [read_tickets, search_kb]
budgets:
  max_cost_usd_per_task: 0.5
policy_overrides:
  pii: redact
`;

beforeAll(async () => {
  const conn = await createTestConnection('cli');
  dir = mkdtempSync(join(tmpdir(), 'agentver-cli-'));
  global = ['--emulator-host', conn.emulatorHost as string, '--project', conn.projectId, '--dataset', conn.datasetId, '--author', 'tester'];
  const init = await cli(['init', '--format', 'json']);
  expect(init.code).toBe(0);
  expect(init.json()).toMatchObject({
    datasetCreated: false,
    tablesCreated: [
      ...['agent_configs', 'agent_releases', 'task_executions', 'llm_calls', 'outcome_grades', 'release_decisions'],
      ...['notification_webhooks', 'notification_deliveries'],
    ],
  });
});

describe('create, edit, show, history, diff, blame', () => {
  it('runs the whole loop with exit codes and JSON shapes', async () => {
    const created = await cli(['create', 'triage', '--file', file('triage.yaml', TRIAGE_YAML), '-m', 'first', '--format', 'json']);
    expect(created.code).toBe(0);
    expect(created.json()).toMatchObject({
      replayed: false,
      record: { agentVersionId: 'triage@1', author: 'tester', config: { temperature: 0.3, tools: ['read_tickets', 'search_kb'] } },
    });

    const edited = await cli([
      'edit',
      'triage',
      '--set',
      'temperature=0.6',
      '--add-tool',
      'send_email',
      '--set',
      'policy_overrides.pii=mask',
      '-m',
      'warmer',
    ]);
    expect(edited).toMatchObject({ code: 0, stdout: 'wrote triage@2 (by tester)\n' });

    const prompt = await cli([
      'edit',
      'triage',
      '--prompt-file',
      file('prompt.txt', 'You are a support agent.\nBe brief and kind.\n'),
      '-m',
      'kinder',
      '--expected-version',
      '2',
    ]);
    expect(prompt.code).toBe(0);

    const whole = await cli(['edit', 'triage', '--file', '-', '-m', 'from stdin', '--format', 'json'], {
      stdin: JSON.stringify({ name: 'Support triage', system_prompt: 'short', model: 'gpt-4.1' }),
    });
    expect(whole.json()).toMatchObject({ record: { version: 4, config: { system_prompt: 'short', tools: [] } } });

    const shown = await cli(['show', 'triage', '--version', '2']);
    expect(shown.stdout).toContain('triage@2');
    expect(shown.stdout).toContain('temperature: 0.6');
    expect((await cli(['show', 'triage', '--format', 'json'])).json()).toMatchObject({ version: 4, isLatest: true });

    const history = (await cli(['history', 'triage', '--format', 'json'])).json() as Array<{ version: number }>;
    expect(history.map((version) => version.version)).toEqual([4, 3, 2, 1]);
    expect((await cli(['history', 'triage', '-n', '2'])).stdout.trim().split('\n')).toHaveLength(3);

    const diff = await cli(['diff', 'triage', '1', '2']);
    expect(diff.code).toBe(0);
    expect(diff.stdout).toContain('temperature 0.3 → 0.6');
    expect(diff.stdout).toContain('tools + send_email');
    const promptDiff = await cli(['diff', 'triage', '2', '3', '--format', 'json']);
    expect(promptDiff.json()).toMatchObject({
      from: 2,
      to: 3,
      changedFields: ['system_prompt'],
      changes: [{ kind: 'text', summary: 'system prompt changed at line 2' }],
    });
    expect((await cli(['diff', 'triage', '1', '2', '--format', 'markdown'])).stdout).toContain('## ');

    const blame = (await cli(['blame', 'triage', '--format', 'json'])).json() as Array<{ field: string; version: number }>;
    expect(blame.find((change) => change.field === 'system_prompt')?.version).toBe(4);
    expect((await cli(['blame', 'triage', 'temperature'])).stdout).toContain('warmer');
    expect((await cli(['list', '--format', 'json'])).json()).toEqual([expect.objectContaining({ agentId: 'triage', latestVersion: 4 })]);
  });
});

describe('refusals', () => {
  it('exits 1 on a conflict or no change, with the error as JSON', async () => {
    await cli(['create', 'refuse', '--file', file('refuse.yaml', TRIAGE_YAML)]);
    await cli(['edit', 'refuse', '--set', 'temperature=1', '-m', 'x']);
    const stale = await cli(['edit', 'refuse', '--set', 'temperature=0.2', '-m', 'stale', '--expected-version', '1', '--format', 'json']);
    expect(stale.code).toBe(1);
    expect(stale.json()).toMatchObject({ error: { code: 'conflict', currentVersion: 2, currentAuthor: 'tester' } });
    const same = await cli(['edit', 'refuse', '--set', 'temperature=1', '-m', 'same']);
    expect(same.code).toBe(1);
    expect(same.stderr).toMatch(/no changes/);
    expect((await cli(['show', 'nobody'])).code).toBe(1);
  });

  it('exits 2 on bad input and writes nothing', async () => {
    const cases: Array<[string[], RegExp]> = [
      [['create', 'bad', '--file', file('bad.yaml', 'name: [unclosed\n')], /--file: is not valid YAML/],
      [['create', 'bad', '--file', file('hot.yaml', TRIAGE_YAML.replace('0.3', '2.5'))], /temperature: must be between 0 and 2/],
      [['create', 'bad', '--file', file('typo.yaml', `${TRIAGE_YAML}temprature: 1\n`)], /temprature: is not a known field/],
      [['create', 'bad', '--file', 'missing.yaml'], /--file: missing.yaml does not exist/],
      [['create', 'Bad Agent', '--file', 'triage.yaml'], /agent_?[iI]d/],
      [['edit', 'bad', '-m', 'nothing'], /nothing to change/],
      [['edit', 'bad', '--set', 'temperature=warm', '-m', 'x'], /temperature: must be a number/],
      [['edit', 'bad', '--set', 'temperature', '-m', 'x'], /must look like field=value/],
      [['show', 'bad', '--version', 'two'], /--version: must be an integer >= 1, got "two"/],
      [['history', 'bad', '--format', 'xml'], /argument 'xml' is invalid/],
      [['history', 'bad', '--no-such-flag'], /unknown option/],
    ];
    for (const [args, message] of cases) {
      const run = await cli(args);
      expect(run.code, args.join(' ')).toBe(2);
      expect(run.stderr + run.stdout, args.join(' ')).toMatch(message);
    }
    expect((await cli(['list', '--format', 'json'])).json()).not.toContainEqual(expect.objectContaining({ agentId: 'bad' }));
  });
});

describe('rollback', () => {
  it('needs --yes off a terminal, asks on one, and copies the target', async () => {
    await cli(['create', 'rb', '--file', file('rb.yaml', TRIAGE_YAML)]);
    await cli(['edit', 'rb', '--set', 'temperature=1.5', '-m', 'hot']);
    expect((await cli(['rollback', 'rb', '--to', '1'])).code).toBe(2);
    const declined = await cli(['rollback', 'rb', '--to', '1'], { interactive: true, confirm: false });
    expect(declined.code).toBe(1);
    // biome-ignore lint/suspicious/noControlCharactersInRegex: strips the terminal colours
    expect(declined.stderr.replace(/\u001b\[\d+m/g, '')).toContain('temperature 1.5 → 0.3');
    const confirmed = await cli(['rollback', 'rb', '--to', '1'], { interactive: true, confirm: true });
    expect(confirmed).toMatchObject({ code: 0, stdout: 'rolled back: rb@3: copy of version 1, replacing 2 (by tester)\n' });
    const scripted = await cli(['rollback', 'rb', '--to', '2', '--yes', '-m', 'again', '--format', 'json']);
    expect(scripted.json()).toMatchObject({ record: { version: 4, rollbackFrom: 3, rollbackTo: 2, changeMessage: 'again' } });
    expect((await cli(['history', 'rb', '--format', 'json'])).json()).toHaveLength(4);
  });
});

describe('help', () => {
  it('documents exit codes and examples', async () => {
    const help = await cli(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/Exit codes:[\s\S]*2 {2}bad input/);
    expect((await cli(['edit', '--help'])).stdout).toContain('agentver edit support_triage --set temperature=0.6');
  });
});

describe('the built binary', () => {
  it('runs end to end', async () => {
    const binary = new URL('../../dist/cli/main.js', import.meta.url).pathname;
    const { stdout } = await promisify(execFile)(process.execPath, [binary, 'list', '--format', 'json', ...global], { cwd: dir });
    expect(JSON.parse(stdout)).toContainEqual(expect.objectContaining({ agentId: 'triage' }));
    const failed = await promisify(execFile)(process.execPath, [binary, 'show', 'nobody', ...global], { cwd: dir }).catch(
      (error: { code: number; stderr: string }) => error,
    );
    expect(failed).toMatchObject({ code: 1, stderr: expect.stringContaining('agent nobody does not exist') });
  });
});
