import { describe, expect, it } from 'vitest';
import { projectConfigArgs } from '../../../src/dataform/project-config-args.js';

describe('projectConfigArgs', () => {
  it('points the compile at the project and the models dataset, with the raw dataset as a var', () => {
    expect(projectConfigArgs({ projectId: 'p', dataset: 'agentver_models', rawDataset: 'agentver' })).toEqual([
      '--default-database=p',
      '--default-schema=agentver_models',
      '--vars=raw_dataset=agentver',
    ]);
  });

  it('adds the location, the assertion dataset and more vars, with raw_dataset last and winning', () => {
    expect(
      projectConfigArgs({
        projectId: 'acme-data',
        location: 'EU',
        dataset: 'models',
        rawDataset: 'raw',
        assertionDataset: 'checks',
        vars: { lookback_days: '7', raw_dataset: 'ignored' },
      }),
    ).toEqual([
      '--default-database=acme-data',
      '--default-schema=models',
      '--default-location=EU',
      '--assertion-schema=checks',
      '--vars=lookback_days=7,raw_dataset=raw',
    ]);
  });

  it('leaves out an empty location and assertion dataset', () => {
    expect(projectConfigArgs({ projectId: 'p', location: '', dataset: 'd', rawDataset: 'r' })).toEqual([
      '--default-database=p',
      '--default-schema=d',
      '--vars=raw_dataset=r',
    ]);
  });

  it('refuses dataset ids that are not letters, digits and underscores, naming which', () => {
    expect(() => projectConfigArgs({ projectId: 'p', dataset: 'models-v2', rawDataset: 'r' })).toThrow(
      new TypeError('projectConfigArgs requires dataset to use only letters, digits and underscores, got "models-v2"'),
    );
    expect(() => projectConfigArgs({ projectId: 'p', dataset: 'd', rawDataset: 'raw;DROP' })).toThrow(
      'projectConfigArgs requires rawDataset to use only letters, digits and underscores, got "raw;DROP"',
    );
    expect(() => projectConfigArgs({ projectId: 'p', dataset: 'd', rawDataset: 'r', assertionDataset: '' })).toThrow(
      'projectConfigArgs requires assertionDataset to use only letters, digits and underscores, got ""',
    );
  });

  it('refuses vars the CLI could not split back: a "," or "=" in a key or value, or an empty key', () => {
    const target = { projectId: 'p', dataset: 'd', rawDataset: 'r' };
    expect(() => projectConfigArgs({ ...target, vars: { note: 'a,b' } })).toThrow(
      new TypeError("projectConfigArgs requires vars without ',' or '=', got note=a,b"),
    );
    expect(() => projectConfigArgs({ ...target, vars: { 'a=b': '1' } })).toThrow(
      "projectConfigArgs requires vars without ',' or '=', got a=b=1",
    );
    expect(() => projectConfigArgs({ ...target, vars: { '': '1' } })).toThrow("projectConfigArgs requires vars without ',' or '=', got =1");
    expect(projectConfigArgs({ ...target, vars: { empty: '' } }).at(-1)).toBe('--vars=empty=,raw_dataset=r');
  });
});
