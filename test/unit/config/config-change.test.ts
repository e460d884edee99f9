import { editChange, parseAssignments, ValidationError } from 'agentver';
import { describe, expect, it } from 'vitest';

/** The problems of the ValidationError a call throws. */
function problems(run: () => unknown) {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(ValidationError);
    return (error as ValidationError).problems;
  }
  throw new Error('expected a ValidationError');
}

describe('parseAssignments', () => {
  it("reads each value as its field's type: numbers, JSON for lists and maps, text otherwise", () => {
    expect(
      parseAssignments([
        'temperature=0.6',
        'max_tokens=800',
        'budgets.max_cost_usd_per_task=0.25',
        'tools=["read_tickets","search_kb"]',
        'policy_overrides.pii=redact',
        'extra.team={"name":"support"}',
        'model=gpt-4.1',
        'description=',
      ]),
    ).toEqual({
      temperature: 0.6,
      max_tokens: 800,
      'budgets.max_cost_usd_per_task': 0.25,
      tools: ['read_tickets', 'search_kb'],
      'policy_overrides.pii': 'redact',
      'extra.team': { name: 'support' },
      model: 'gpt-4.1',
      description: '',
    });
  });

  it('splits at the first "=", trims the field path, and keeps the value as given', () => {
    expect(parseAssignments(['name=a=b', ' model =gpt-4.1 ', 'extra.note= spaced '])).toEqual({
      name: 'a=b',
      model: 'gpt-4.1 ',
      'extra.note': ' spaced ',
    });
  });

  it('reads null as clearing the field, and lets a later assignment of a field win', () => {
    expect(parseAssignments(['top_p=null', 'temperature=1', 'temperature=2'])).toEqual({ top_p: null, temperature: 2 });
    expect(parseAssignments([])).toEqual({});
  });

  it('refuses an assignment without a field and "="', () => {
    expect(problems(() => parseAssignments(['temperature']))).toEqual([
      { field: '--set', rule: 'must look like field=value, got "temperature"' },
    ]);
    expect(problems(() => parseAssignments(['temperature=0.5', '=3']))).toEqual([
      { field: '--set', rule: 'must look like field=value, got "=3"' },
    ]);
    expect(() => parseAssignments(['temperature'])).toThrow('invalid edit: --set: must look like field=value, got "temperature"');
  });

  it("refuses a value its field's type cannot read, naming the field", () => {
    expect(problems(() => parseAssignments(['temperature=0x10']))).toEqual([
      { field: 'temperature', rule: 'must be a number, written in decimals such as 0.5 or 1e-3; got "0x10"' },
    ]);
    expect(problems(() => parseAssignments(['budgets.max_tokens_per_task=lots']))).toEqual([
      { field: 'budgets.max_tokens_per_task', rule: 'must be a number, written in decimals such as 0.5 or 1e-3; got "lots"' },
    ]);
    expect(problems(() => parseAssignments(['tools=read_tickets,search_kb']))).toEqual([
      { field: 'tools', rule: 'must be JSON (a list or an object)' },
    ]);
  });
});

describe('editChange', () => {
  it('turns patch flags into a patch with every list present', () => {
    expect(editChange({ set: ['temperature=0.6'], addTools: ['send_email'] })).toEqual({
      patch: { set: { temperature: 0.6 }, unset: [], addTools: ['send_email'], removeTools: [] },
    });
    expect(editChange({ unset: ['top_p'], removeTools: ['search_kb'] })).toEqual({
      patch: { set: {}, unset: ['top_p'], addTools: [], removeTools: ['search_kb'] },
    });
  });

  it('counts a new system prompt as a change, even an empty one', () => {
    expect(editChange({ systemPrompt: 'Be brief.\n' })).toEqual({
      patch: { set: {}, unset: [], addTools: [], removeTools: [], systemPrompt: 'Be brief.\n' },
    });
    expect(editChange({ systemPrompt: '' })).toEqual({ patch: { set: {}, unset: [], addTools: [], removeTools: [], systemPrompt: '' } });
  });

  it('copies the lists it is given', () => {
    const unset = ['top_p'];
    const change = editChange({ unset });
    unset.push('temperature');
    expect(change).toEqual({ patch: { set: {}, unset: ['top_p'], addTools: [], removeTools: [] } });
  });

  it('validates a whole document into a complete config, defaults filled in', () => {
    expect(
      editChange({ document: { name: 'Triage', description: 'Routes tickets', system_prompt: 'You route.', model: 'gpt-4.1' } }),
    ).toEqual({
      config: {
        name: 'Triage',
        description: 'Routes tickets',
        system_prompt: 'You route.',
        temperature: null,
        max_tokens: null,
        top_p: null,
        model: 'gpt-4.1',
        tools: [],
        mcp_servers: [],
        budgets: { max_cost_usd_per_task: null, max_llm_calls_per_task: null, max_tokens_per_task: null },
        policy_overrides: {},
        extra: {},
      },
    });
  });

  it('refuses a document that is not a valid config, naming its fields', () => {
    const error = (() => {
      try {
        editChange({ document: { name: 'Triage', description: 'd' } });
      } catch (thrown) {
        return thrown as ValidationError;
      }
    })();
    expect(error).toBeInstanceOf(ValidationError);
    expect(error?.problems).toEqual([
      { field: 'system_prompt', rule: 'is required (a string)' },
      { field: 'model', rule: 'is required (a string)' },
    ]);
  });

  it('refuses a whole document together with any patch flag', () => {
    const rule = 'replaces the whole config, so it cannot be combined with --set, --unset, --add-tool, --remove-tool or --prompt-file';
    for (const flags of [
      { set: ['temperature=1'] },
      { unset: ['top_p'] },
      { addTools: ['a'] },
      { removeTools: ['a'] },
      { systemPrompt: '' },
    ]) {
      expect(problems(() => editChange({ document: { name: 'x' }, ...flags }))).toEqual([{ field: '--file', rule }]);
    }
  });

  it('refuses an edit that changes nothing, empty lists included', () => {
    const nothing = [
      { field: 'edit', rule: 'says nothing to change: give --set, --unset, --add-tool, --remove-tool, --prompt-file or --file' },
    ];
    expect(problems(() => editChange({}))).toEqual(nothing);
    expect(problems(() => editChange({ set: [], unset: [], addTools: [], removeTools: [] }))).toEqual(nothing);
    expect(() => editChange({})).toThrow('invalid edit: edit: says nothing to change');
  });

  it('checks the --set values too', () => {
    expect(problems(() => editChange({ set: ['temperature=warm'] }))).toEqual([
      { field: 'temperature', rule: 'must be a number, written in decimals such as 0.5 or 1e-3; got "warm"' },
    ]);
  });
});
