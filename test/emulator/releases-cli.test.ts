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

const cli = (args: string[]): Promise<CliRun> => runCliCaptured([...args, ...global], { cwd: dir });

interface ReleaseJson {
  release: {
    releaseNumber: number;
    kind: string;
    version: number;
    candidateVersion: number | null;
    assignmentSalt: string | null;
    rolloutPolicy: unknown;
    routes: unknown[];
    createdAt: string;
    author: string;
  };
  replayed: boolean;
}

async function move(args: string[]): Promise<ReleaseJson> {
  const run = await cli([...args, '--format', 'json']);
  expect(run.code, `${args.join(' ')}: ${run.stderr}`).toBe(0);
  return run.json() as ReleaseJson;
}

const history = async (agent: string, label = 'production') =>
  (await cli(['labels', agent, '--history', label, '--format', 'json'])).json() as ReleaseJson['release'][];

/** An agent with versions 1..n (temperature 0.1, 0.2, …). */
async function agentWithVersions(agent: string, n: number): Promise<void> {
  writeFileSync(join(dir, `${agent}.yaml`), 'name: Triage\nsystem_prompt: Be brief.\nmodel: gpt-4.1\ntemperature: 0.1\n');
  expect((await cli(['create', agent, '--file', `${agent}.yaml`])).code).toBe(0);
  for (let version = 2; version <= n; version++) {
    expect((await cli(['edit', agent, '--set', `temperature=${version / 10}`, '-m', `v${version}`])).code).toBe(0);
  }
}

beforeAll(async () => {
  const conn = await createTestConnection('releases_cli');
  dir = mkdtempSync(join(tmpdir(), 'agentver-releases-cli-'));
  global = ['--emulator-host', conn.emulatorHost as string, '--project', conn.projectId, '--dataset', conn.datasetId, '--author', 'oncall'];
  expect((await cli(['init'])).code).toBe(0);
  await agentWithVersions('triage', 4);
});

describe('release, canary, promote, rollback --label, labels, show --label', () => {
  it('moves a label through a canary, a ramp, a promote and a rollback, and reads it back as of any time', async () => {
    const released = await move(['release', 'triage', '1', '--label', 'production', '-m', 'known good']);
    expect(released).toMatchObject({
      replayed: false,
      release: { releaseNumber: 1, kind: 'release', author: 'oncall', routes: [{ version: 1, arm: null, percent: 100 }] },
    });

    const canary = await cli(['canary', 'triage', '2', '--label', 'production', '--percent', '10']);
    expect(canary.code).toBe(0);
    expect(canary.stdout).toContain('production of triage → release 2 (canary): version 1 at 90% (baseline), version 2 at 10% (candidate)');
    const [started] = await history('triage');
    const ramp = await move([
      ...['canary', 'triage', '2', '--label', 'production', '--percent', '25', '--primary', 'resolution_rate'],
      ...['--guardrail', 'error_rate:+0.02', '--guardrail', 'latency_ms:+20%', '--max-days', '7'],
    ]);
    expect(ramp.release).toMatchObject({
      releaseNumber: 3,
      assignmentSalt: started?.assignmentSalt,
      routes: [
        { version: 1, arm: 'baseline', percent: 75 },
        { version: 2, arm: 'candidate', percent: 25 },
      ],
      rolloutPolicy: {
        primary: 'resolution_rate',
        maxDays: 7,
        guardrails: [
          { metric: 'error_rate', margin: 0.02, relative: false },
          { metric: 'latency_ms', margin: 0.2, relative: true },
        ],
      },
    });

    const promoted = await move(['promote', 'triage', '--label', 'production']);
    expect(promoted.release).toMatchObject({ releaseNumber: 4, kind: 'promote', routes: [{ version: 2, arm: null, percent: 100 }] });
    const rolledBack = await cli(['rollback', 'triage', '--label', 'production']);
    expect(rolledBack.code).toBe(0);
    expect(rolledBack.stdout).toMatch(
      /^production of triage → release 5 \(rollback\): version 1 at 100%\nby oncall at .*: rollback to version 1\n$/,
    );

    const labels = (await cli(['labels', 'triage', '--format', 'json'])).json();
    expect(labels).toMatchObject({ agentId: 'triage', latestVersion: 4, labels: [{ label: 'production', releaseNumber: 5 }] });
    const table = (await cli(['labels', 'triage'])).stdout.split('\n');
    expect(table[0]).toMatch(/^label +release +kind +routes +author +created_at +message$/);
    expect(table[1]).toMatch(/^latest .*version 4 at 100%/);
    expect(table[2]).toMatch(/^production +5 +rollback +version 1 at 100% +oncall/);

    const states = await history('triage');
    expect(states.map((state) => [state.releaseNumber, state.kind])).toEqual([
      [5, 'rollback'],
      [4, 'promote'],
      [3, 'canary'],
      [2, 'canary'],
      [1, 'release'],
    ]);
    const all = (await cli(['labels', 'triage', '--history', '--format', 'json'])).json() as unknown[];
    expect(all).toHaveLength(5);

    // What production served while the ramp ran: both arms, each with its config.
    const atRamp = (await cli(['show', 'triage', '--label', 'production', '--at', ramp.release.createdAt, '--format', 'json'])).json();
    expect(atRamp).toMatchObject({
      label: 'production',
      release: { releaseNumber: 3 },
      routes: [
        { version: 1, arm: 'baseline', percent: 75, record: { agentVersionId: 'triage@1', config: { temperature: 0.1 } } },
        { version: 2, arm: 'candidate', percent: 25, record: { agentVersionId: 'triage@2', config: { temperature: 0.2 } } },
      ],
    });
    const shown = await cli(['show', 'triage', '--label', 'production', '--at', ramp.release.createdAt]);
    expect(shown.stdout).toContain('label production of triage, at ');
    expect(shown.stdout).toContain('# candidate 25%: triage@2');
    expect((await cli(['show', 'triage', '--label', 'production', '--format', 'yaml'])).stdout).toContain('temperature: 0.1');
    const canaryYaml = await cli(['show', 'triage', '--label', 'production', '--at', ramp.release.createdAt, '--format', 'yaml']);
    expect(canaryYaml).toMatchObject({ code: 2, stderr: expect.stringContaining('is a canary') });
    expect((await cli(['show', 'triage', '--label', 'latest', '--format', 'json'])).json()).toMatchObject({
      release: null,
      routes: [{ version: 4, percent: 100 }],
    });
  });

  it('a retry with the same request id writes one release', async () => {
    await agentWithVersions('retry', 2);
    const first = await move(['release', 'retry', '2', '--label', 'staging', '--request-id', 'deploy-77']);
    const again = await move(['release', 'retry', '2', '--label', 'staging', '--request-id', 'deploy-77']);
    expect(again).toEqual({ ...first, replayed: true });
    expect(await history('retry', 'staging')).toHaveLength(1);
  });
});

describe('refusals write nothing', () => {
  it('exits 1 for an unknown version, nothing to promote or roll back, a stale --expected-release, an unset label', async () => {
    await agentWithVersions('refuse', 3);
    await move(['release', 'refuse', '1', '--label', 'production']);
    const cases: Array<[string[], string, RegExp]> = [
      [['release', 'refuse', '9', '--label', 'production'], 'not_found', /version 9/],
      [['promote', 'refuse', '--label', 'production'], 'no_changes', /nothing to promote/],
      [['rollback', 'refuse', '--label', 'production'], 'no_changes', /nothing to roll back to/],
      [['release', 'refuse', '1', '--label', 'production'], 'no_changes', /already/],
      [['release', 'refuse', '2', '--label', 'production', '--expected-release', '0'], 'conflict', /moved by oncall/],
      [['canary', 'refuse', '2', '--label', 'staging', '--percent', '10'], 'not_found', /staging/],
      [['rollback', 'refuse', '--label', 'staging'], 'not_found', /staging/],
    ];
    for (const [args, code, message] of cases) {
      const run = await cli([...args, '--format', 'json']);
      expect(run.code, args.join(' ')).toBe(1);
      expect(run.json(), args.join(' ')).toMatchObject({ error: { code, message: expect.stringMatching(message) } });
    }
    const stale = (await cli(['release', 'refuse', '2', '--label', 'production', '--expected-release', '0', '--format', 'json'])).json();
    expect(stale).toMatchObject({ error: { currentRelease: 1, currentAuthor: 'oncall' } });
    expect(await history('refuse')).toHaveLength(1);
  });

  it('starts a staged rollout at its ramp’s first share; a new ramp for a running canary keeps its share', async () => {
    await agentWithVersions('staged', 2);
    await move(['release', 'staged', '1', '--label', 'production']);
    const started = await move(['canary', 'staged', '2', '--label', 'production', '--ramp', '5,25,100', '--stage-hours', '0.25']);
    expect(started.release).toMatchObject({
      candidatePercent: 5,
      rolloutPolicy: { ramp: [5, 25, 100], stageHours: 0.25, shipWhen: 'better' },
    });
    await move(['canary', 'staged', '2', '--label', 'production', '--percent', '40']);
    const rescheduled = await move(['canary', 'staged', '2', '--label', 'production', '--ramp', '10,50,100', '--ship-when', 'no-harm']);
    expect(rescheduled.release).toMatchObject({
      releaseNumber: 4,
      candidatePercent: 40,
      assignmentSalt: started.release.assignmentSalt,
      rolloutPolicy: { ramp: [10, 50, 100], shipWhen: 'no-harm' },
    });
  });

  it('exits 2 for bad percents, label names and flag combinations, naming the flag', async () => {
    await agentWithVersions('bad', 2);
    await move(['release', 'bad', '1', '--label', 'production']);
    const cases: Array<[string[], RegExp]> = [
      ...['0', '100', '-5', 'abc', '12.345', '1e1', '10%', ''].map((p): [string[], RegExp] => [
        ['canary', 'bad', '2', '--label', 'production', '--percent', p],
        /--percent: must be a number with 0 < p < 100 and at most two decimals/,
      ]),
      [['canary', 'bad', '1', '--label', 'production', '--percent', '10'], /version: is the baseline/],
      [['canary', 'bad', '2', '--label', 'production', '--percent', '10', '--guardrail', 'cost_usd'], /--guardrail: "cost_usd" is not/],
      [['canary', 'bad', '2', '--label', 'production', '--percent', '10', '--primary', 'vibes'], /primary: "vibes" is not a known metric/],
      [['canary', 'bad', '2', '--label', 'production', '--percent', '10', '--max-days', '0'], /--max-days: must be an integer >= 1/],
      [['release', 'bad', '2', '--label', 'latest'], /--label: "latest" is reserved/],
      [['release', 'bad', '2', '--label', 'Prod'], /--label: must start with a lowercase letter/],
      [['release', 'bad', 'two', '--label', 'production'], /<version>: must be an integer >= 1, got "two"/],
      [['release', 'bad', '2'], /required option '--label <name>' not specified/],
      [['canary', 'bad', '2', '--label', 'production'], /--percent: is required unless --ramp gives the first share/],
      [['canary', 'bad', '2', '--label', 'production', '--ramp', '50,25,100'], /--ramp: shares must increase/],
      [['canary', 'bad', '2', '--label', 'production', '--ramp', '5,25,50'], /--ramp: must end at 100 \(the promote\)/],
      [['canary', 'bad', '2', '--label', 'production', '--ramp', '5,x,100'], /--ramp: .*"x" is not a plain decimal/],
      [
        ['canary', 'bad', '2', '--label', 'production', '--ramp', '5,100', '--stage-hours', '0'],
        /--stage-hours: must be a number of hours above 0/,
      ],
      [
        ['canary', 'bad', '2', '--label', 'production', '--ramp', '5,100', '--stage-hours', '1e2'],
        /--stage-hours: must be a number of hours above 0/,
      ],
      [
        ['canary', 'bad', '2', '--label', 'production', '--ramp', '5,25,50,100', '--stage-hours', '200'],
        /--ramp: the ramp outlasts maxDays: \(shares below 100\) × stageHours must be at most maxDays × 24 hours/,
      ],
      [
        ['canary', 'bad', '2', '--label', 'production', '--percent', '10', '--ship-when', 'soon'],
        /--ship-when <rule>' argument 'soon' is invalid/,
      ],
      [['canary', 'bad', '2', '--label', 'production', '--percent', '10', '--variance-reduction', 'magic'], /argument 'magic' is invalid/],
      [['rollback', 'bad'], /--to: give exactly one of --to <version> and --label <name>/],
      [['rollback', 'bad', '--to', '1', '--label', 'production'], /give exactly one/],
      [['rollback', 'bad', '--label', 'production', '--expected-version', '2'], /--expected-version: cannot be combined with --label/],
      [['rollback', 'bad', '--to', '1', '--yes', '--expected-release', '1'], /--expected-release: cannot be combined with --to/],
      [['labels', 'bad', '--history', 'No Such'], /--history: must start with a lowercase letter/],
      [['show', 'bad', '--label', 'production', '--version', '1'], /--label: cannot be combined with --version/],
      [['show', 'bad', '--label', 'production', '--at', 'yesterday'], /at/],
    ];
    for (const [args, message] of cases) {
      const run = await cli(args);
      expect(run.code, args.join(' ')).toBe(2);
      expect(run.stderr, args.join(' ')).toMatch(message);
    }
    expect(await history('bad')).toHaveLength(1);
    expect((await cli(['history', 'bad', '--format', 'json'])).json()).toHaveLength(2);
  });
});

describe('help and the built binary', () => {
  it('teaches the release commands, and the binary moves a label', async () => {
    const help = (await cli(['--help'])).stdout;
    for (const command of ['release', 'canary', 'promote', 'labels']) expect(help).toMatch(new RegExp(`\\n  ${command} `));
    const canaryHelp = (await cli(['canary', '--help'])).stdout;
    expect(canaryHelp).toContain('--guardrail error_rate:+0.02 --guardrail cost_usd:+10%');
    expect(canaryHelp).toContain('--ramp 5,25,50,100 --stage-hours 24 --ship-when no-harm');
    expect(canaryHelp).toMatch(/no-harm +promote at the end of the ramp/);
    expect((await cli(['rollback', '--help'])).stdout).toContain('agentver rollback support_triage --label production');

    await agentWithVersions('binary', 2);
    const binary = new URL('../../dist/cli/main.js', import.meta.url).pathname;
    const run = (args: string[]) => promisify(execFile)(process.execPath, [binary, ...args, ...global], { cwd: dir });
    const { stdout } = await run(['release', 'binary', '2', '--label', 'production', '--format', 'json']);
    expect(JSON.parse(stdout)).toMatchObject({ release: { releaseNumber: 1, version: 2 } });
    const failed = await run(['canary', 'binary', '2', '--label', 'production', '--percent', '10']).catch(
      (error: { code: number; stderr: string }) => error,
    );
    expect(failed).toMatchObject({ code: 2, stderr: expect.stringContaining('is the baseline') });
  });
});
