import { describe, expect, it } from 'vitest';
import type { AgentConfig } from '../../../src/config/agent-config.js';
import { contentHash, parseConfig } from '../../../src/config/parse-config.js';
import { applyRequestId } from '../../../src/plan/apply-request-id.js';
import type { ConfigFile } from '../../../src/plan/load-config-files.js';
import { type BaseVersion, planConfigs } from '../../../src/plan/plan-configs.js';
import { renderPlan } from '../../../src/plan/render-plan.js';

const config = (overrides: Partial<AgentConfig> = {}) =>
  parseConfig({ name: 'Agent', system_prompt: 'Answer briefly.\nCite the knowledge base.\n', model: 'gpt-4.1', ...overrides });
const file = (agentId: string, value: AgentConfig): ConfigFile => ({ agentId, file: `agents/${agentId}.yaml`, config: value });
const base = (version: number, value: AgentConfig): BaseVersion => ({ version, config: value, contentHash: contentHash(value) });

// One agent of each kind: new, edited in the file, equal, and only in BigQuery.
const edited = config({ temperature: 0.6, system_prompt: 'Answer briefly.\nCite the knowledge base.\nSay when unsure.\n' });
const files = [file('triage', edited), file('billing', config({ name: 'Billing' })), file('refunds', config())];
const latest = new Map([
  ['triage', base(41, config({ temperature: 0.3 }))],
  ['refunds', base(3, config())],
  ['legacy', base(7, config({ name: 'Legacy' }))],
]);

describe('planConfigs', () => {
  const plan = planConfigs(files, latest);

  it('plans create, update, unchanged and not_in_files, sorted by agent id, with the base each saw', () => {
    expect(plan.agents.map(({ agent_id, action, base_version, file }) => ({ agent_id, action, base_version, file }))).toEqual([
      { agent_id: 'billing', action: 'create', base_version: null, file: 'agents/billing.yaml' },
      { agent_id: 'legacy', action: 'not_in_files', base_version: 7, file: null },
      { agent_id: 'refunds', action: 'unchanged', base_version: 3, file: 'agents/refunds.yaml' },
      { agent_id: 'triage', action: 'update', base_version: 41, file: 'agents/triage.yaml' },
    ]);
    expect(plan.summary).toEqual({ create: 1, update: 1, unchanged: 1, not_in_files: 1 });
  });

  it('gives an update its grouped field diff against the base version', () => {
    const update = plan.agents.find((agent) => agent.action === 'update');
    expect(update?.changed_fields).toEqual(['system_prompt', 'temperature']);
    expect(update?.changes.map((change) => [change.kind, change.field])).toEqual([
      ['text', 'system_prompt'],
      ['value', 'temperature'],
    ]);
  });

  it('carries what apply writes only for writes, keyed by agent, base version and content hash', () => {
    const [billing, legacy, refunds, triage] = plan.agents;
    expect(triage).toMatchObject({
      config: edited,
      content_hash: contentHash(edited),
      request_id: applyRequestId('triage', 41, contentHash(edited)),
    });
    expect(billing?.request_id).toBe(applyRequestId('billing', null, contentHash(config({ name: 'Billing' }))));
    for (const untouched of [legacy, refunds]) expect(untouched).not.toHaveProperty('config');
  });

  it('is in sync when every file equals its base, whatever order the files come in', () => {
    const same = planConfigs(
      [file('refunds', config()), file('triage', edited)],
      new Map([
        ['triage', base(42, edited)],
        ['refunds', base(3, config())],
      ]),
    );
    expect(same.summary).toEqual({ create: 0, update: 0, unchanged: 2, not_in_files: 0 });
    expect(planConfigs([...files].reverse(), latest)).toEqual(plan);
  });
});

describe('applyRequestId', () => {
  it('is the same for the same write and differs when agent, base version or config does', () => {
    const id = applyRequestId('triage', 41, 'abc');
    expect(id).toBe(applyRequestId('triage', 41, 'abc'));
    expect(id).toMatch(/^apply-[0-9a-f]{64}$/);
    const others = [
      applyRequestId('triage2', 41, 'abc'),
      applyRequestId('triage', 42, 'abc'),
      applyRequestId('triage', null, 'abc'),
      applyRequestId('triage', 41, 'abd'),
    ];
    expect(new Set([id, ...others]).size).toBe(5);
  });
});

describe('renderPlan', () => {
  const plan = planConfigs(files, latest);

  it('prints a table with a summary, one row per agent, then each update diff', () => {
    expect(renderPlan(plan, 'table')).toBe(
      [
        '1 to create, 1 to update, 1 unchanged, 1 not in files (never touched)',
        '',
        'agent    action        base  file                 changes',
        'billing  create        -     agents/billing.yaml',
        'legacy   not in files  7     -',
        'refunds  unchanged     3     agents/refunds.yaml',
        'triage   update        41    agents/triage.yaml   system_prompt, temperature',
        '',
        'billing: create from agents/billing.yaml (new agent)',
        '',
        'triage@41 → agents/triage.yaml',
        'behavior',
        '  system prompt changed at line 3',
        '    1 1 │ Answer briefly.',
        '    2 2 │ Cite the knowledge base.',
        '      3 │ {+Say when unsure.+}',
        '  temperature 0.3 → 0.6',
      ].join('\n'),
    );
  });

  it('writes markdown for a pull request: summary, table, the new config as YAML, the update diff', () => {
    const markdown = renderPlan(plan, 'markdown');
    expect(markdown.split('\n').slice(0, 8)).toEqual([
      '**agentver plan**: 1 to create, 1 to update, 1 unchanged, 1 not in files (never touched)',
      '',
      '| agent | action | base | file |',
      '| --- | --- | --- | --- |',
      '| billing | create | - | agents/billing.yaml |',
      '| legacy | not in files | 7 | - |',
      '| refunds | unchanged | 3 | agents/refunds.yaml |',
      '| triage | update | 41 | agents/triage.yaml |',
    ]);
    expect(markdown).toContain(
      [
        '## billing: create from agents/billing.yaml',
        '',
        '```yaml',
        'name: Billing',
        'system_prompt: |',
        '  Answer briefly.',
        '  Cite the knowledge base.',
        'model: gpt-4.1',
        '```',
      ].join('\n'),
    );
    expect(markdown).toContain('## triage@41 → agents/triage.yaml\n\n### behavior\n\n- system prompt changed at line 3');
    expect(markdown).toContain('- `temperature`: `0.3` → `0.6`');
    expect(markdown).not.toContain('## refunds');
  });

  it('paints the table diffs only when asked', () => {
    expect(renderPlan(plan, 'table', { color: true })).toContain('\x1b[32m');
    expect(renderPlan(plan, 'table')).not.toContain('\x1b[');
  });

  it('keeps trailing blank lines of the last text in the markdown YAML', () => {
    const created = planConfigs([file('notes', config({ extra: { notes: 'End.\n\n\n' } }))], new Map());
    expect(renderPlan(created, 'markdown')).toContain('  notes: |+\n    End.\n\n\n```');
  });

  it('says in sync when nothing is to be written', () => {
    const inSync = planConfigs(
      [file('refunds', config())],
      new Map([
        ['refunds', base(3, config())],
        ['legacy', base(7, config())],
      ]),
    );
    expect(renderPlan(inSync, 'table').split('\n')[0]).toBe('in sync: 1 unchanged; 1 not in files (never touched)');
    expect(renderPlan(inSync, 'markdown').split('\n')[0]).toBe('**agentver plan**: in sync: 1 unchanged; 1 not in files (never touched)');
  });
});
