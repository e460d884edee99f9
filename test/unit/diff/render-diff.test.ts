import { diffConfigs, renderDiffMarkdown, renderDiffText } from 'agentver';
import { describe, expect, it } from 'vitest';
import { config, numberedLines } from './helpers.js';

const prompt = numberedLines(20);
const editedPrompt = prompt
  .replace('Line 14 of the prompt.', 'Line 14 of the new prompt.')
  .replace('Line 15 of the prompt.', 'Line 15 changed.');

const before = config({
  system_prompt: prompt,
  temperature: 0.3,
  tools: ['read_tickets', 'search'],
  mcp_servers: [{ name: 'github', url: 'https://a.example' }],
  policy_overrides: { pii: 'redact', limits: { daily: 5 } },
});
const after = config({
  system_prompt: editedPrompt,
  temperature: 0.6,
  tools: ['search', 'send_email'],
  mcp_servers: [{ name: 'github', url: 'https://b.example' }],
  budgets: { max_cost_usd_per_task: 0.25 },
  policy_overrides: { limits: { daily: 10 }, escalate: true },
  extra: { team: 'support' },
});
const diff = diffConfigs(before, after);

describe('renderDiffText', () => {
  it('groups changes under headings, one line each, prompt hunks word by word with line numbers', () => {
    expect(renderDiffText(diff, { header: 'support_triage 41 → 42' })).toBe(
      [
        'support_triage 41 → 42',
        'behavior',
        '  system prompt changed at lines 14-15',
        '    12 12 │ Line 12 of the prompt.',
        '    13 13 │ Line 13 of the prompt.',
        '    14 14 │ Line 14 of the {+new +}prompt.',
        '    15 15 │ Line 15 [-of the prompt-]{+changed+}.',
        '    16 16 │ Line 16 of the prompt.',
        '    17 17 │ Line 17 of the prompt.',
        '  temperature 0.3 → 0.6',
        'capabilities',
        '  tools + send_email − read_tickets',
        '  mcp_servers.github.url https://a.example → https://b.example',
        'guardrails',
        '  budgets.max_cost_usd_per_task (unset) → 0.25',
        '  policy_overrides.escalate (absent) → true',
        '  policy_overrides.limits {"daily":5} → {"daily":10}',
        '  policy_overrides.pii "redact" → (absent)',
        'extra',
        '  extra.team (absent) → "support"',
      ].join('\n'),
    );
  });

  it('numbers deleted and inserted lines on their own side only, with a gap between hunks', () => {
    const lines = numberedLines(30).split('\n');
    const edited = [...lines.slice(0, 4), ...lines.slice(5, 24), 'Inserted line.', ...lines.slice(24)].join('\n');
    const text = renderDiffText(diffConfigs(config({ system_prompt: lines.join('\n') }), config({ system_prompt: edited })));
    expect(text.split('\n')).toEqual([
      'behavior',
      '  system prompt changed at lines 5, 24',
      '     3  3 │ Line 3 of the prompt.',
      '     4  4 │ Line 4 of the prompt.',
      '     5    │ [-Line 5 of the prompt.-]',
      '     6  5 │ Line 6 of the prompt.',
      '     7  6 │ Line 7 of the prompt.',
      '    …',
      '    23 22 │ Line 23 of the prompt.',
      '    24 23 │ Line 24 of the prompt.',
      '       24 │ {+Inserted line.+}',
      '    25 25 │ Line 25 of the prompt.',
      '    26 26 │ Line 26 of the prompt.',
    ]);
  });

  it('uses ANSI green and red instead of markers when asked', () => {
    const text = renderDiffText(diff, { color: true });
    expect(text).toContain('Line 14 of the \x1b[32mnew \x1b[39mprompt.');
    expect(text).toContain('Line 15 \x1b[31mof the prompt\x1b[39m\x1b[32mchanged\x1b[39m.');
    expect(text).toContain('  temperature \x1b[31m0.3\x1b[39m → \x1b[32m0.6\x1b[39m');
    expect(text).not.toMatch(/\{\+|\[-/);
  });

  it('says "no changes" for an empty diff', () => {
    const empty = diffConfigs(config(), config());
    expect(renderDiffText(empty)).toBe('no changes');
    expect(renderDiffText(empty, { header: 'a → b' })).toBe('a → b\nno changes');
  });

  it('quotes top-level strings only when they would break the line', () => {
    const text = renderDiffText(diffConfigs(config({ name: 'a' }), config({ name: 'a\nb' })));
    expect(text).toBe('metadata\n  name a → "a\\nb"');
  });
});

describe('renderDiffMarkdown', () => {
  it('renders a heading per group, a bullet per change and prompt hunks as a diff block', () => {
    expect(renderDiffMarkdown(diff, { header: 'support_triage 41 → 42', level: 2 })).toBe(
      [
        '## support_triage 41 → 42',
        '',
        '### behavior',
        '',
        '- system prompt changed at lines 14-15 (+2 −2 lines)',
        '',
        '  ```diff',
        '  @@ -12,6 +12,6 @@',
        '   Line 12 of the prompt.',
        '   Line 13 of the prompt.',
        '  -Line 14 of the prompt.',
        '  -Line 15 of the prompt.',
        '  +Line 14 of the new prompt.',
        '  +Line 15 changed.',
        '   Line 16 of the prompt.',
        '   Line 17 of the prompt.',
        '  ```',
        '',
        '- `temperature`: `0.3` → `0.6`',
        '',
        '### capabilities',
        '',
        '- `tools`: added `send_email`; removed `read_tickets`',
        '- `mcp_servers.github.url`: `https://a.example` → `https://b.example`',
        '',
        '### guardrails',
        '',
        '- `budgets.max_cost_usd_per_task`: _(unset)_ → `0.25`',
        '- `policy_overrides.escalate`: _(absent)_ → `true`',
        '- `policy_overrides.limits`: `{"daily":5}` → `{"daily":10}`',
        '- `policy_overrides.pii`: `"redact"` → _(absent)_',
        '',
        '### extra',
        '',
        '- `extra.team`: _(absent)_ → `"support"`',
      ].join('\n'),
    );
  });

  it('keeps backticks in values and prompts from closing their code span or fence', () => {
    const md = renderDiffMarkdown(
      diffConfigs(
        config({ system_prompt: 'Answer in:\n```json\n{}\n```', extra: { fmt: 'a`b' } }),
        config({ system_prompt: 'Answer in:\n```yaml\n{}\n```', extra: { fmt: '``c' } }),
      ),
    );
    expect(md).toContain('  ````diff\n  @@ -1,4 +1,4 @@\n   Answer in:\n  -```json\n  +```yaml\n   {}\n   ```\n  ````');
    expect(md).toContain('- `extra.fmt`: ``"a`b"`` → ```"``c"```');
  });

  it('uses unified-diff positions for a side with no lines', () => {
    const md = renderDiffMarkdown(diffConfigs(config({ description: '' }), config({ description: 'New.' })));
    expect(md).toContain('@@ -0,0 +1,1 @@\n  +New.');
  });

  it('says no changes for an empty diff', () => {
    const empty = diffConfigs(config(), config());
    expect(renderDiffMarkdown(empty)).toBe('_no changes_');
    expect(renderDiffMarkdown(empty, { header: 'a → b', level: 2 })).toBe('## a → b\n\n_no changes_');
  });

  it('keeps heading levels in order: the header at its level, the groups one below', () => {
    const headings = (text: string) =>
      text
        .split('\n')
        .filter((line) => line.startsWith('#'))
        .map((line) => line.split(' ')[0]);
    expect(headings(renderDiffMarkdown(diff, { header: 'a → b' }))).toEqual(['#', '##', '##', '##', '##']);
    expect(headings(renderDiffMarkdown(diff))).toEqual(['#', '#', '#', '#']);
    expect(headings(renderDiffMarkdown(diff, { level: 3 }))).toEqual(['###', '###', '###', '###']);
  });
});

describe('renderDiffText and terminal escapes', () => {
  it('shows control characters in a prompt instead of sending them to the terminal', () => {
    const text = renderDiffText(diffConfigs(config({ system_prompt: 'hello' }), config({ system_prompt: 'hello \u001b[2J world' })));
    expect(text).not.toContain('\u001b');
    expect(text).toContain('␛[2J');
  });
});
