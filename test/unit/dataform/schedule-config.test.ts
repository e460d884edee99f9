import { buildScheduleConfig, ValidationError } from 'agentver';
import { describe, expect, it } from 'vitest';

const base = { projectId: 'acme', location: 'us-central1', repository: 'agentver', cron: '15 * * * *' };
const parent = 'projects/acme/locations/us-central1/repositories/agentver';

/** The ValidationError a call throws (fails the test when it throws nothing else). */
function validationError(run: () => unknown): ValidationError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(ValidationError);
    return error as ValidationError;
  }
  throw new Error('expected a ValidationError');
}

describe('buildScheduleConfig', () => {
  it('with only the required options: main, UTC, one cron for both, no compilation overrides', () => {
    expect(buildScheduleConfig(base)).toEqual({
      parent,
      releaseConfigId: 'agentver-models',
      workflowConfigId: 'agentver-models',
      releaseConfig: {
        name: `${parent}/releaseConfigs/agentver-models`,
        gitCommitish: 'main',
        codeCompilationConfig: {},
        cronSchedule: '15 * * * *',
        timeZone: 'UTC',
      },
      workflowConfig: {
        name: `${parent}/workflowConfigs/agentver-models`,
        releaseConfig: `${parent}/releaseConfigs/agentver-models`,
        invocationConfig: { fullyRefreshIncrementalTablesEnabled: false, transitiveDependenciesIncluded: true },
        cronSchedule: '15 * * * *',
        timeZone: 'UTC',
      },
    });
  });

  it('with every option: the release compiles on its own cron with the overrides, the workflow runs as the service account', () => {
    const config = buildScheduleConfig({
      ...base,
      cron: '30 6 * * 1-5',
      releaseCron: '0 6 * * *',
      timeZone: 'Europe/Paris',
      gitCommitish: 'v1.2.0',
      defaultDatabase: 'acme-data',
      defaultSchema: 'agentver_models',
      assertionSchema: 'agentver_assertions',
      defaultLocation: 'EU',
      vars: { raw_dataset: 'agentver', lookback_days: '3' },
      serviceAccount: 'dataform@acme.iam.gserviceaccount.com',
      fullRefresh: true,
      releaseConfigId: 'nightly_release',
      workflowConfigId: 'weekday-run',
    });
    expect(config).toEqual({
      parent,
      releaseConfigId: 'nightly_release',
      workflowConfigId: 'weekday-run',
      releaseConfig: {
        name: `${parent}/releaseConfigs/nightly_release`,
        gitCommitish: 'v1.2.0',
        codeCompilationConfig: {
          defaultDatabase: 'acme-data',
          defaultSchema: 'agentver_models',
          defaultLocation: 'EU',
          assertionSchema: 'agentver_assertions',
          vars: { raw_dataset: 'agentver', lookback_days: '3' },
        },
        cronSchedule: '0 6 * * *',
        timeZone: 'Europe/Paris',
      },
      workflowConfig: {
        name: `${parent}/workflowConfigs/weekday-run`,
        releaseConfig: `${parent}/releaseConfigs/nightly_release`,
        invocationConfig: {
          fullyRefreshIncrementalTablesEnabled: true,
          transitiveDependenciesIncluded: true,
          serviceAccount: 'dataform@acme.iam.gserviceaccount.com',
        },
        cronSchedule: '30 6 * * 1-5',
        timeZone: 'Europe/Paris',
      },
    });
  });

  it('copies the vars, and leaves out empty vars and empty overrides', () => {
    const vars = { raw_dataset: 'agentver' };
    const config = buildScheduleConfig({ ...base, vars });
    vars.raw_dataset = 'changed';
    expect(config.releaseConfig.codeCompilationConfig).toEqual({ vars: { raw_dataset: 'agentver' } });
    expect(buildScheduleConfig({ ...base, vars: {}, defaultSchema: '', serviceAccount: '' })).toMatchObject({
      releaseConfig: { codeCompilationConfig: {} },
      workflowConfig: { invocationConfig: { fullyRefreshIncrementalTablesEnabled: false, transitiveDependenciesIncluded: true } },
    });
    expect(buildScheduleConfig({ ...base, serviceAccount: '' }).workflowConfig.invocationConfig).not.toHaveProperty('serviceAccount');
  });

  it('accepts cron fields separated by any whitespace', () => {
    expect(buildScheduleConfig({ ...base, cron: ' 0  6\t* * * ' }).workflowConfig.cronSchedule).toBe(' 0  6\t* * * ');
  });

  it('refuses a cron without exactly five fields, naming cron', () => {
    for (const cron of ['* * * *', '0 0 * * * *', '@hourly', '']) {
      const error = validationError(() => buildScheduleConfig({ ...base, cron }));
      expect(error.code).toBe('invalid_input');
      expect(error.problems).toEqual([{ field: 'cron', rule: `must have 5 cron fields (minute hour day month weekday), got "${cron}"` }]);
    }
    expect(() => buildScheduleConfig({ ...base, cron: '@hourly' })).toThrow(
      'invalid schedule: cron: must have 5 cron fields (minute hour day month weekday), got "@hourly"',
    );
  });

  it('refuses a release cron without exactly five fields, naming releaseCron', () => {
    const error = validationError(() => buildScheduleConfig({ ...base, releaseCron: '0 6 * *' }));
    expect(error.problems).toEqual([
      { field: 'releaseCron', rule: 'must have 5 cron fields (minute hour day month weekday), got "0 6 * *"' },
    ]);
  });

  it('refuses ids that are not resource ids, naming the option', () => {
    const cases = [
      ['projectId', { projectId: 'acme/other' }, 'acme/other'],
      ['location', { location: '' }, ''],
      ['repository', { repository: '1agentver' }, '1agentver'],
      ['releaseConfigId', { releaseConfigId: 'release config' }, 'release config'],
      ['workflowConfigId', { workflowConfigId: `w${'x'.repeat(63)}` }, `w${'x'.repeat(63)}`],
    ] as const;
    for (const [field, override, value] of cases) {
      const error = validationError(() => buildScheduleConfig({ ...base, ...override }));
      expect(error.problems).toEqual([{ field, rule: `must be a resource id (letters, digits, - and _), got "${value}"` }]);
      expect(error.message).toBe(`invalid schedule: ${field}: must be a resource id (letters, digits, - and _), got "${value}"`);
    }
  });

  it('accepts resource ids of letters (either case), digits, - and _, up to 63 characters', () => {
    const id = `A${'b_-9'.repeat(15)}zz`;
    expect(id).toHaveLength(63);
    expect(buildScheduleConfig({ ...base, repository: 'Agent_ver-2', workflowConfigId: id })).toMatchObject({
      parent: 'projects/acme/locations/us-central1/repositories/Agent_ver-2',
      workflowConfigId: id,
      workflowConfig: { name: `projects/acme/locations/us-central1/repositories/Agent_ver-2/workflowConfigs/${id}` },
    });
  });

  it('checks the ids before the cron', () => {
    const error = validationError(() => buildScheduleConfig({ ...base, repository: '', cron: 'bad' }));
    expect(error.problems.map((problem) => problem.field)).toEqual(['repository']);
  });
});
