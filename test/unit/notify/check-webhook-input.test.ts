import { checkWebhookInput, ValidationError } from 'agentver';
import { describe, expect, it } from 'vitest';

const problems = (input: Parameters<typeof checkWebhookInput>[0]) => {
  try {
    checkWebhookInput(input);
    return [];
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    return error.problems;
  }
};

describe('checkWebhookInput', () => {
  it('defaults to json and every event', () => {
    expect(checkWebhookInput({ url: 'https://hooks.example.com/a', secretEnv: 'AGENTVER_WEBHOOK_SECRET' })).toEqual({
      url: 'https://hooks.example.com/a',
      secretEnv: 'AGENTVER_WEBHOOK_SECRET',
      payloadFormat: 'json',
      events: ['label_move', 'watch_decision'],
    });
  });

  it('takes https anywhere and http only to this machine', () => {
    for (const url of ['https://hooks.slack.com/services/T/B/X', 'http://127.0.0.1:8080/h', 'http://localhost/h', 'http://[::1]:9/h']) {
      expect(problems({ url, secretEnv: 'S' }), url).toEqual([]);
    }
    for (const url of ['http://hooks.example.com/h', 'http://127.0.0.2/h', 'http://10.0.0.1/h', 'ws://localhost/h', 'file:///etc/passwd']) {
      expect(problems({ url, secretEnv: 'S' }), url).toEqual([{ field: 'url', rule: expect.stringMatching(/^must use https/) }]);
    }
  });

  it('refuses credentials in the URL, a relative URL, a bad name, format or event; each named', () => {
    expect(problems({ url: 'https://u:p@hooks.example.com', secretEnv: 'S' })).toEqual([
      { field: 'url', rule: 'must not hold a user or password: the URL is stored in BigQuery' },
    ]);
    expect(problems({ url: '/hooks', secretEnv: 'S' })[0]?.rule).toMatch(/^must be an absolute URL/);
    for (const secretEnv of ['', '1ABC', 'MY-SECRET', 'has space', 'HAS$DOLLAR']) {
      expect(problems({ url: 'https://h.example.com', secretEnv }), secretEnv).toEqual([
        { field: 'secretEnv', rule: expect.stringMatching(/environment variable name/) },
      ]);
    }
    expect(problems({ url: 'https://h.example.com', secretEnv: 'S', payloadFormat: 'xml' as never })).toEqual([
      { field: 'payloadFormat', rule: 'must be json or slack' },
    ]);
    expect(problems({ url: 'https://h.example.com', secretEnv: 'S', events: [] })).toEqual([
      { field: 'events', rule: 'must name at least one of label_move, watch_decision' },
    ]);
    expect(problems({ url: 'https://h.example.com', secretEnv: 'S', events: ['label_move', 'label_move'] })).toEqual([
      { field: 'events', rule: 'must not repeat an event' },
    ]);
    expect(problems({ url: 'https://h.example.com', secretEnv: 'S', events: ['deploy' as never] })).toEqual([
      { field: 'events[0]', rule: 'must be label_move or watch_decision' },
    ]);
  });
});
