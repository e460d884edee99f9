// Bad input never reaches BigQuery: each case exits 2 naming the field and the rule, in agentver's
// words, and writes nothing.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { type CliRun, runCliCaptured } from './cli-harness.js';
import { createTestConnection } from './test-connection.js';

let global: string[];
let dir: string;

const cli = (args: string[], stdin?: string): Promise<CliRun> =>
  runCliCaptured([...args, ...global], { cwd: dir, ...(stdin !== undefined ? { stdin } : {}) });
const file = (name: string, content: string | Buffer) => {
  writeFileSync(join(dir, name), content);
  return name;
};
const versions = async (agent: string) => {
  const run = await cli(['history', agent, '--format', 'json']);
  return run.code === 0 ? (run.json() as Array<{ version: number }>).map((entry) => entry.version) : [];
};

/** Exit 2, the field and the rule named in the JSON error, and none of zod's own wording. */
async function expectRefused(args: string[], field: string | RegExp, rule: RegExp, stdin?: string) {
  const run = await cli([...args, '--format', 'json'], stdin);
  expect(run.code, run.stdout + run.stderr).toBe(2);
  const error = (run.json() as { error: { code: string; message: string; problems: Array<{ field: string; rule: string }> } }).error;
  expect(error.code).toBe('invalid_input');
  expect(error.problems).toContainEqual({ field: expect.stringMatching(field), rule: expect.stringMatching(rule) });
  expect(error.message).not.toMatch(/Invalid input|Too big|Too small|expected number to be/);
}

beforeAll(async () => {
  const conn = await createTestConnection('bad_input');
  dir = mkdtempSync(join(tmpdir(), 'agentver-bad-'));
  global = ['--emulator-host', conn.emulatorHost as string, '--project', conn.projectId, '--dataset', conn.datasetId, '--author', 'tester'];
  expect((await cli(['init'])).code).toBe(0);
  const created = await cli([
    'create',
    'base',
    '--file',
    file('base.yaml', 'name: Base\nsystem_prompt: Be brief.\nmodel: gpt-4.1\n'),
    '-m',
    'first',
  ]);
  expect(created.code).toBe(0);
});

describe('config files', () => {
  it('refuses a JSON config with a key given twice (YAML already did)', async () => {
    const json = file('dup.json', '{"name": "A", "system_prompt": "p", "model": "m", "model": "other"}');
    await expectRefused(
      ['create', 'dup_json', '--file', json, '-m', 'first'],
      '--file',
      /not valid JSON: .*(Map keys must be unique|model)/i,
    );
    expect(await versions('dup_json')).toEqual([]);
    const yaml = file('dup.yaml', 'name: A\nsystem_prompt: p\nmodel: m\nmodel: other\n');
    await expectRefused(['create', 'dup_yaml', '--file', yaml, '-m', 'first'], '--file', /not valid YAML/);
  });

  it('refuses text that is not UTF-8 instead of storing U+FFFD', async () => {
    const prompt = file('latin1.txt', Buffer.from([0x43, 0x61, 0x66, 0xe9, 0x0a])); // "Café" in Latin-1
    await expectRefused(
      ['edit', 'base', '--prompt-file', prompt, '-m', 'accent'],
      '--prompt-file',
      /latin1\.txt is not valid UTF-8 .*offset 3/,
    );
    const config = file(
      'bad.yaml',
      Buffer.concat([Buffer.from('name: A\nsystem_prompt: "'), Buffer.from([0xff, 0xfe]), Buffer.from('"\nmodel: m\n')]),
    );
    await expectRefused(['create', 'bad_utf8', '--file', config, '-m', 'first'], '--file', /not valid UTF-8/);
    expect(await versions('base')).toEqual([1]);
    expect(await versions('bad_utf8')).toEqual([]);
  });

  it('says the rule with its limit, not the library message', async () => {
    const big = file('big.yaml', 'name: A\nsystem_prompt: p\nmodel: m\nmax_tokens: 20000000\n');
    await expectRefused(['create', 'big', '--file', big, '-m', 'first'], 'max_tokens', /^must be at most 10000000$/);
    const typed = file('typed.yaml', 'name: A\nsystem_prompt: p\nmodel: m\ntemperature: hot\n');
    await expectRefused(['create', 'typed', '--file', typed, '-m', 'first'], 'temperature', /^must be a number$/);
    const missing = file('missing.yaml', 'name: A\nsystem_prompt: p\n');
    await expectRefused(['create', 'missing', '--file', missing, '-m', 'first'], 'model', /^is required/);
    const long = file('long.yaml', `name: A\nsystem_prompt: p\nmodel: ${'m'.repeat(201)}\n`);
    await expectRefused(['create', 'long', '--file', long, '-m', 'first'], 'model', /^must be at most 200 characters$/);
    expect(await versions('big')).toEqual([]);
  });
});

describe('--set numbers', () => {
  for (const text of ['0x1', '0o1', '0b1', 'Infinity', '1_000', '+']) {
    it(`refuses temperature=${text}`, async () => {
      await expectRefused(
        ['edit', 'base', '--set', `temperature=${text}`, '-m', 'n'],
        'temperature',
        /must be a number, written in decimals/,
      );
      expect(await versions('base')).toEqual([1]);
    });
  }

  it('takes decimals and exponents', async () => {
    const run = await cli([
      'edit',
      'base',
      '--set',
      'temperature=.5e0',
      '--set',
      'budgets.max_cost_usd_per_task=1E-1',
      '-m',
      'ok',
      '--format',
      'json',
    ]);
    expect(run.code, run.stdout + run.stderr).toBe(0);
    expect(run.json()).toMatchObject({ record: { version: 2, config: { temperature: 0.5, budgets: { max_cost_usd_per_task: 0.1 } } } });
  });
});

describe('compare and report dates', () => {
  for (const [option, value] of [
    ['--since', '2026-02-30'],
    ['--until', '2026-13-01'],
    ['--since', '2026-04-31'],
  ] as const) {
    it(`refuses ${option} ${value} before reading anything`, async () => {
      await expectRefused(['compare', 'base', option, value], option, /not a day of the calendar/);
      await expectRefused(['report', 'base', option, value], option, /not a day of the calendar/);
    });
  }
});
