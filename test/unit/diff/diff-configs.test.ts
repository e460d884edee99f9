import { diffConfigs } from 'agentver';
import { describe, expect, it } from 'vitest';
import { config, fields } from './helpers.js';

describe('diffConfigs', () => {
  it('finds nothing between identical configs', () => {
    const diff = diffConfigs(
      config({ tools: ['b', 'a'], extra: { team: { on: true } } }),
      config({ tools: ['a', 'b'], extra: { team: { on: true } } }),
    );
    expect(diff).toEqual({ changes: [], changedFields: [], isEmpty: true });
  });

  it('reports scalar changes with their group, null as a value', () => {
    const diff = diffConfigs(config({ temperature: 0.3, max_tokens: 100 }), config({ temperature: 0.6, top_p: 0.9, max_tokens: 100 }));
    expect(diff.changes).toEqual([
      { kind: 'value', field: 'temperature', group: 'behavior', before: 0.3, after: 0.6 },
      { kind: 'value', field: 'top_p', group: 'behavior', before: null, after: 0.9 },
    ]);
    expect(diff.changedFields).toEqual(['temperature', 'top_p']);
    expect(diff.isEmpty).toBe(false);
  });

  it('reports name and model as values in their groups', () => {
    const diff = diffConfigs(config(), config({ name: 'support_triage_v2', model: 'gemini-2.5-pro' }));
    expect(diff.changes).toEqual([
      { kind: 'value', field: 'name', group: 'metadata', before: 'support_triage', after: 'support_triage_v2' },
      { kind: 'value', field: 'model', group: 'capabilities', before: 'gemini-2.5-flash', after: 'gemini-2.5-pro' },
    ]);
  });

  it('diffs tools as sets: order alone is no change', () => {
    const diff = diffConfigs(
      config({ tools: ['read_tickets', 'search', 'close'] }),
      config({ tools: ['search', 'send_email', 'close', 'archive'] }),
    );
    expect(diff.changes).toEqual([
      { kind: 'list', field: 'tools', group: 'capabilities', added: ['archive', 'send_email'], removed: ['read_tickets'] },
    ]);
  });

  it('diffs MCP servers by name, with a URL change as a value', () => {
    const before = config({
      mcp_servers: [
        { name: 'github', url: 'https://mcp.example/github' },
        { name: 'jira', url: 'https://mcp.example/jira' },
      ],
    });
    const after = config({
      mcp_servers: [
        { name: 'zendesk', url: 'https://mcp.example/zendesk' },
        { name: 'github', url: 'https://mcp.example/github/v2' },
      ],
    });
    expect(diffConfigs(before, after).changes).toEqual([
      { kind: 'list', field: 'mcp_servers', group: 'capabilities', added: ['zendesk'], removed: ['jira'] },
      {
        kind: 'value',
        field: 'mcp_servers.github.url',
        group: 'capabilities',
        before: 'https://mcp.example/github',
        after: 'https://mcp.example/github/v2',
      },
    ]);
  });

  it('reports only a URL change when the server set is unchanged', () => {
    const diff = diffConfigs(
      config({ mcp_servers: [{ name: 'github', url: 'https://a.example' }] }),
      config({ mcp_servers: [{ name: 'github', url: 'https://b.example' }] }),
    );
    expect(diff.changes.map((change) => change.kind)).toEqual(['value']);
    expect(diff.changedFields).toEqual(['mcp_servers']);
  });

  it('diffs maps by key: added and removed keys are undefined on the missing side', () => {
    const diff = diffConfigs(
      config({ policy_overrides: { pii: 'redact', retries: 2, shared: { a: [1, { b: 2 }] } } }),
      config({ policy_overrides: { pii: 'block', escalate: true, shared: { a: [1, { b: 2 }] } } }),
    );
    expect(diff.changes).toEqual([
      { kind: 'value', field: 'policy_overrides.escalate', group: 'guardrails', before: undefined, after: true },
      { kind: 'value', field: 'policy_overrides.pii', group: 'guardrails', before: 'redact', after: 'block' },
      { kind: 'value', field: 'policy_overrides.retries', group: 'guardrails', before: 2, after: undefined },
    ]);
  });

  it('compares nested values deeply, whatever their key order', () => {
    const before = config({ extra: { team: { owners: ['ana', 'bo'], limits: { a: 1, b: 2 } } } });
    const reordered = { ...before, extra: { team: { limits: { b: 2, a: 1 }, owners: ['ana', 'bo'] } } };
    expect(diffConfigs(before, reordered).isEmpty).toBe(true);
    const changed = config({ extra: { team: { owners: ['ana', 'cy'], limits: { a: 1, b: 2 } } } });
    expect(diffConfigs(before, changed).changes).toEqual([
      { kind: 'value', field: 'extra.team', group: 'extra', before: before.extra.team, after: changed.extra.team },
    ]);
  });

  it('keeps null and an absent key apart', () => {
    const diff = diffConfigs(config({ extra: { flag: null } }), config({ extra: {} }));
    expect(diff.changes).toEqual([{ kind: 'value', field: 'extra.flag', group: 'extra', before: null, after: undefined }]);
  });

  it('diffs budgets by key', () => {
    const diff = diffConfigs(
      config({ budgets: { max_cost_usd_per_task: 0.5 } }),
      config({ budgets: { max_cost_usd_per_task: 1, max_llm_calls_per_task: 20 } }),
    );
    expect(diff.changes).toEqual([
      { kind: 'value', field: 'budgets.max_cost_usd_per_task', group: 'guardrails', before: 0.5, after: 1 },
      { kind: 'value', field: 'budgets.max_llm_calls_per_task', group: 'guardrails', before: null, after: 20 },
    ]);
  });

  it('lists changes in FIELD_GROUPS order, whatever changed', () => {
    const before = config({ description: 'old', temperature: 0.2, tools: ['a'], policy_overrides: { x: 1 }, extra: { y: 1 } });
    const after = config({
      name: 'renamed',
      description: 'new',
      system_prompt: 'You triage tickets.',
      temperature: 0.4,
      max_tokens: 512,
      top_p: 0.5,
      model: 'other',
      tools: ['b'],
      mcp_servers: [{ name: 'm', url: 'https://u.example' }],
      budgets: { max_tokens_per_task: 1000 },
      policy_overrides: { x: 2 },
      extra: { y: 2 },
    });
    const diff = diffConfigs(before, after);
    expect(diff.changedFields).toEqual([
      'name',
      'description',
      'system_prompt',
      'temperature',
      'max_tokens',
      'top_p',
      'model',
      'tools',
      'mcp_servers',
      'budgets',
      'policy_overrides',
      'extra',
    ]);
    expect(fields(diff.changes)).toEqual([
      'name',
      'description',
      'system_prompt',
      'temperature',
      'max_tokens',
      'top_p',
      'model',
      'tools',
      'mcp_servers',
      'budgets.max_tokens_per_task',
      'policy_overrides.x',
      'extra.y',
    ]);
    expect(diff.changes.map((change) => change.group)).toEqual([
      'metadata',
      'metadata',
      'behavior',
      'behavior',
      'behavior',
      'behavior',
      'capabilities',
      'capabilities',
      'capabilities',
      'guardrails',
      'guardrails',
      'extra',
    ]);
  });

  it('includes only the fields that changed', () => {
    const diff = diffConfigs(config({ temperature: 0.3, tools: ['a'] }), config({ temperature: 0.3, tools: ['a'], extra: { k: 'v' } }));
    expect(diff.changedFields).toEqual(['extra']);
    expect(fields(diff.changes)).toEqual(['extra.k']);
  });
});
