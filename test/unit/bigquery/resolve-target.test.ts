import { homedir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveProject, resolveTarget } from '../../../src/bigquery/resolve-target.js';

describe('resolveProject', () => {
  const all = { AGENTVER_PROJECT: 'from-agentver', GOOGLE_CLOUD_PROJECT: 'from-google', CLOUDSDK_CORE_PROJECT: 'from-gcloud' };

  it('takes --project over every environment variable', () => {
    expect(resolveProject({ project: 'from-flag' }, all)).toEqual({ value: 'from-flag', from: '--project' });
  });

  it('reads AGENTVER_PROJECT, then GOOGLE_CLOUD_PROJECT, then CLOUDSDK_CORE_PROJECT', () => {
    expect(resolveProject({}, all)).toEqual({ value: 'from-agentver', from: 'AGENTVER_PROJECT' });
    expect(resolveProject({}, { ...all, AGENTVER_PROJECT: undefined })).toEqual({
      value: 'from-google',
      from: 'GOOGLE_CLOUD_PROJECT',
    });
    expect(resolveProject({}, { CLOUDSDK_CORE_PROJECT: 'from-gcloud' })).toEqual({
      value: 'from-gcloud',
      from: 'CLOUDSDK_CORE_PROJECT',
    });
  });

  it('skips empty values, and finds nothing when none is set', () => {
    expect(resolveProject({ project: '' }, { AGENTVER_PROJECT: '', GOOGLE_CLOUD_PROJECT: 'from-google' })).toEqual({
      value: 'from-google',
      from: 'GOOGLE_CLOUD_PROJECT',
    });
    expect(resolveProject({}, {})).toBeUndefined();
    expect(resolveProject({}, { GCLOUD_PROJECT: 'not-read' })).toBeUndefined();
  });
});

describe('resolveTarget', () => {
  it('runs on BigQuery with a project, from the flag or the environment, with the location', () => {
    expect(resolveTarget({ project: 'acme', location: 'EU' }, {}, '/work')).toEqual({
      kind: 'bigquery',
      projectId: 'acme',
      location: 'EU',
      from: '--project',
    });
    expect(resolveTarget({}, { GOOGLE_CLOUD_PROJECT: 'p', AGENTVER_LOCATION: 'US' }, '/work')).toEqual({
      kind: 'bigquery',
      projectId: 'p',
      location: 'US',
      from: 'GOOGLE_CLOUD_PROJECT',
    });
    expect(resolveTarget({ location: 'EU' }, { CLOUDSDK_CORE_PROJECT: 'p', AGENTVER_LOCATION: 'US' }, '/work')).toMatchObject({
      location: 'EU',
    });
    expect(resolveTarget({}, { AGENTVER_PROJECT: 'p' }, '/work')).toEqual({
      kind: 'bigquery',
      projectId: 'p',
      location: undefined,
      from: 'AGENTVER_PROJECT',
    });
  });

  it('prefers an emulator host over a project, and runs the emulator as that project', () => {
    expect(resolveTarget({ project: 'acme', emulatorHost: 'http://localhost:9050' }, {}, '/work')).toEqual({
      kind: 'emulator',
      host: 'http://localhost:9050',
      projectId: 'acme',
      location: undefined,
      from: '--emulator-host',
    });
    expect(resolveTarget({}, { BIGQUERY_EMULATOR_HOST: 'http://127.0.0.1:9050', AGENTVER_PROJECT: 'p' }, '/work')).toEqual({
      kind: 'emulator',
      host: 'http://127.0.0.1:9050',
      projectId: 'p',
      location: undefined,
      from: 'BIGQUERY_EMULATOR_HOST',
    });
  });

  it('takes --emulator-host, then AGENTVER_EMULATOR_HOST, then BIGQUERY_EMULATOR_HOST; project "local" without one', () => {
    const env = { AGENTVER_EMULATOR_HOST: 'http://a:1', BIGQUERY_EMULATOR_HOST: 'http://b:2' };
    expect(resolveTarget({ emulatorHost: 'http://flag:3' }, env, '/work')).toMatchObject({
      host: 'http://flag:3',
      from: '--emulator-host',
    });
    expect(resolveTarget({}, env, '/work')).toEqual({
      kind: 'emulator',
      host: 'http://a:1',
      projectId: 'local',
      location: undefined,
      from: 'AGENTVER_EMULATOR_HOST',
    });
    expect(resolveTarget({}, { BIGQUERY_EMULATOR_HOST: 'http://b:2' }, '/work')).toMatchObject({
      host: 'http://b:2',
      projectId: 'local',
      from: 'BIGQUERY_EMULATOR_HOST',
    });
  });

  it('runs embedded in ~/.agentver when neither a project nor an emulator is configured', () => {
    expect(resolveTarget({}, {}, '/work')).toEqual({
      kind: 'embedded',
      dataDir: join(homedir(), '.agentver'),
      dataDirFrom: 'default',
      from: 'no --project, --emulator-host or their environment variables',
    });
  });

  it('runs embedded with --embedded even when a project and an emulator are configured', () => {
    const env = { AGENTVER_PROJECT: 'p', BIGQUERY_EMULATOR_HOST: 'http://b:2' };
    expect(resolveTarget({ embedded: true, project: 'acme', emulatorHost: 'http://flag:3' }, env, '/work')).toEqual({
      kind: 'embedded',
      dataDir: join(homedir(), '.agentver'),
      dataDirFrom: 'default',
      from: '--embedded',
    });
    expect(resolveTarget({ embedded: true }, { ...env, AGENTVER_DATA_DIR: '/data/agentver' }, '/work')).toEqual({
      kind: 'embedded',
      dataDir: '/data/agentver',
      dataDirFrom: 'AGENTVER_DATA_DIR',
      from: '--embedded',
    });
  });

  it('takes --data-dir over AGENTVER_DATA_DIR, resolving a relative folder against the working directory', () => {
    expect(resolveTarget({ dataDir: 'state' }, { AGENTVER_DATA_DIR: '/data/agentver' }, '/work/project')).toEqual({
      kind: 'embedded',
      dataDir: '/work/project/state',
      dataDirFrom: '--data-dir',
      from: 'no --project, --emulator-host or their environment variables',
    });
    expect(resolveTarget({}, { AGENTVER_DATA_DIR: '../shared/agentver' }, '/work/project')).toEqual({
      kind: 'embedded',
      dataDir: '/work/shared/agentver',
      dataDirFrom: 'AGENTVER_DATA_DIR',
      from: 'no --project, --emulator-host or their environment variables',
    });
    expect(resolveTarget({ dataDir: '/abs/dir/' }, {}, '/work/project')).toMatchObject({ dataDir: '/abs/dir' });
  });

  it('ignores the data folder when a project or emulator is the target', () => {
    expect(resolveTarget({ dataDir: 'state' }, { AGENTVER_PROJECT: 'p' }, '/work')).toMatchObject({ kind: 'bigquery', projectId: 'p' });
    expect(resolveTarget({ dataDir: 'state', emulatorHost: 'http://e:1' }, {}, '/work')).toMatchObject({ kind: 'emulator' });
  });
});
