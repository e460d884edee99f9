import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseConfig } from '../../../src/config/parse-config.js';
import { serializeConfig } from '../../../src/config/serialize-config.js';
import { ValidationError } from '../../../src/errors/validation-error.js';
import { loadConfigFiles } from '../../../src/plan/load-config-files.js';

let cwd: string;
beforeEach(async () => {
  cwd = await mkdtemp(join(tmpdir(), 'agentver-load-'));
  await mkdir(join(cwd, 'agents'));
});
afterEach(() => rm(cwd, { recursive: true, force: true }));

const write = (path: string, text: string) => writeFile(join(cwd, path), text);
const load = (...paths: string[]) => loadConfigFiles(paths, { cwd });
const problemsOf = (paths: string[]) =>
  load(...paths).then(
    () => expect.fail('expected a ValidationError'),
    (error: unknown) => {
      expect(error).toBeInstanceOf(ValidationError);
      expect((error as ValidationError).exitCode).toBe(2);
      return (error as ValidationError).problems;
    },
  );

const triage = parseConfig({ name: 'Support triage', system_prompt: 'Route tickets.\n', model: 'gpt-4.1', temperature: 0.3 });

describe('loadConfigFiles', () => {
  it('reads the yaml, yml and json files directly in a folder, ids from file names, sorted by id', async () => {
    await write('agents/support_triage.yaml', serializeConfig(triage, 'yaml'));
    await write('agents/billing.json', serializeConfig({ ...triage, name: 'Billing' }, 'json'));
    await write('agents/refunds.yml', 'name: Refunds\nsystem_prompt: Refund.\nmodel: m\n');
    await write('agents/README.md', '# not an agent');
    await write('agents/.draft.yaml', 'name: [unfinished');
    await mkdir(join(cwd, 'agents/prompts'));
    await write('agents/prompts/ignored.yaml', 'not: [a config');
    const files = await load('agents');
    expect(files.map(({ agentId, file }) => [agentId, file])).toEqual([
      ['billing', join('agents', 'billing.json')],
      ['refunds', join('agents', 'refunds.yml')],
      ['support_triage', join('agents', 'support_triage.yaml')],
    ]);
    expect(files[2]?.config).toEqual(triage);
  });

  it('reads named files, and a file named twice once', async () => {
    await write('agents/support_triage.yaml', serializeConfig(triage, 'yaml'));
    const files = await load('agents/support_triage.yaml', 'agents', './agents/support_triage.yaml');
    expect(files.map((file) => file.agentId)).toEqual(['support_triage']);
  });

  it('accepts an agent_id key that agrees with the file name, and keeps it out of the config', async () => {
    await write('agents/support_triage.yaml', `agent_id: support_triage\n${serializeConfig(triage, 'yaml')}`);
    const [file] = await load('agents');
    expect(file?.config).toEqual(triage);
  });

  it('refuses an agent_id key that disagrees with the file name, naming the file', async () => {
    await write('agents/support_triage.yaml', `agent_id: billing\n${serializeConfig(triage, 'yaml')}`);
    expect(await problemsOf(['agents'])).toEqual([
      {
        field: `${join('agents', 'support_triage.yaml')}#agent_id`,
        rule: 'is "billing", but the file name says "support_triage"; rename one so they agree',
      },
    ]);
  });

  it('refuses two files for one agent', async () => {
    await write('agents/support_triage.yaml', serializeConfig(triage, 'yaml'));
    await write('agents/support_triage.json', serializeConfig(triage, 'json'));
    expect(await problemsOf(['agents'])).toEqual([
      {
        field: join('agents', 'support_triage.yaml'),
        rule: `is a second file for agent support_triage (the first is ${join('agents', 'support_triage.json')})`,
      },
    ]);
  });

  it('reports every bad file at once, each problem naming the file and the field', async () => {
    await write('agents/Bad Name.yaml', serializeConfig(triage, 'yaml'));
    await write('agents/hot.yaml', 'name: Hot\nsystem_prompt: p\nmodel: m\ntemperature: 7\ntemprature: 1\n');
    await write('agents/broken.json', '{ "name": ');
    await write('agents/list.yaml', '- a\n- b\n');
    await write('notes.txt', 'hello');
    const problems = await problemsOf(['agents', 'missing', 'notes.txt']);
    expect(problems).toEqual([
      { field: 'missing', rule: 'does not exist' },
      { field: 'notes.txt', rule: 'must end in .yaml, .yml or .json' },
      {
        field: join('agents', 'Bad Name.yaml'),
        rule: 'names agent "Bad Name", which must start with a lowercase letter and use only a-z, 0-9, _ and - (at most 100)',
      },
      { field: join('agents', 'broken.json'), rule: expect.stringMatching(/^is not valid JSON: /) },
      { field: `${join('agents', 'hot.yaml')}#temperature`, rule: 'must be between 0 and 2' },
      { field: `${join('agents', 'hot.yaml')}#temprature`, rule: 'is not a known field (team fields go under "extra")' },
      { field: join('agents', 'list.yaml'), rule: 'must hold a mapping of config fields' },
    ]);
  });

  it('refuses a folder without config files, and no paths at all', async () => {
    expect(await problemsOf(['agents'])).toEqual([{ field: 'agents', rule: 'holds no *.yaml, *.yml or *.json file' }]);
    expect(await problemsOf([])).toEqual([{ field: 'paths', rule: 'name at least one config file or folder' }]);
  });
});
