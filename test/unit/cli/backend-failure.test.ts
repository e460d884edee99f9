// The hint of a failed request names the fix only when the cause is known: init for a missing
// dataset or table, sign-in for missing credentials, roles for a denied request.
import { describe, expect, it } from 'vitest';
import { backendFailure } from '../../../src/errors/backend-failure.js';

const apiError = (code: number, message: string) => Object.assign(new Error(message), { code });

describe('backendFailure', () => {
  it.each([
    ['BigQuery, no table', apiError(404, 'Not found: Table my-proj:agentver.agent_configs was not found in location US')],
    ['BigQuery, no dataset', apiError(404, 'Not found: Dataset my-proj:agentver was not found in location EU')],
    ['emulator query', apiError(400, 'failed to analyze: Table not found: local.agentver.agent_configs [at 1:15]')],
    ['emulator insertAll', apiError(404, 'table task_executions is not found')],
    ['emulator dataset', apiError(404, 'dataset agentver is not found')],
  ])('says run agentver init for a missing dataset or table (%s)', (_, error) => {
    const failure = backendFailure(error);
    expect(failure.kind).toBe('not_initialised');
    expect(failure.hint).toContain('run agentver init');
    expect(failure.exitCode).toBe(3);
  });

  it.each([
    ['no ADC', new Error('Could not load the default credentials. Browse to https://cloud.google.com/docs/authentication/getting-started')],
    ['expired', new Error('invalid_grant: reauth related error (invalid_rapt)')],
    ['401', apiError(401, 'Request had invalid authentication credentials. Expected OAuth 2 access token')],
  ])('gives the sign-in hint when credentials are the problem (%s)', (_, error) => {
    expect(backendFailure(error).hint).toContain('gcloud auth application-default login');
  });

  it('names the roles when the account is denied', () => {
    const failure = backendFailure(apiError(403, 'Access Denied: Project my-proj: User does not have bigquery.jobs.create permission'));
    expect(failure.kind).toBe('permission');
    expect(failure.hint).toContain('BigQuery Data Editor and Job User');
  });

  it.each([
    [
      'emulator refused',
      Object.assign(new Error('request to http://127.0.0.1:9050/bigquery/v2 failed, reason: connect ECONNREFUSED'), {
        code: 'ECONNREFUSED',
      }),
    ],
    ['a 404 from something else', apiError(404, 'Not Found')],
    ['quota', apiError(403, 'Quota exceeded: Your project exceeded quota for free query bytes scanned')],
    ['bad SQL', apiError(400, 'Syntax error: Unexpected end of script at [1:8]')],
  ])('gives no hint it cannot back (%s)', (_, error) => {
    const failure = backendFailure(error);
    expect(failure.kind).toBe('other');
    expect(failure.hint).toBeUndefined();
    expect(failure.message).toBe(`BigQuery request failed: ${error.message}`);
  });
});
