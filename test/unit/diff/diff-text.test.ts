import { diffConfigs, type TextChange } from 'agentver';
import { describe, expect, it } from 'vitest';
import { MAX_SYSTEM_PROMPT_BYTES } from '../../../src/config/agent-config.js';
import { config, numberedLines, textChange } from './helpers.js';

const promptDiff = (before: string, after: string): TextChange =>
  textChange(diffConfigs(config({ system_prompt: before }), config({ system_prompt: after })));

const replaceLines = (text: string, edits: Record<number, string>, eol = '\n') =>
  text
    .split(eol)
    .map((line, index) => edits[index + 1] ?? line)
    .join(eol);

/** Old and new text rebuilt from word parts: what a renderer relies on. */
const sides = (change: TextChange) => ({
  old: change.words
    .filter((part) => part.op !== 'insert')
    .map((part) => part.text)
    .join(''),
  new: change.words
    .filter((part) => part.op !== 'delete')
    .map((part) => part.text)
    .join(''),
});

describe('text changes', () => {
  it('names lines 14-15 of a 20-line prompt', () => {
    const before = numberedLines(20);
    const change = promptDiff(before, replaceLines(before, { 14: 'Line 14 is now stricter.', 15: 'Line 15 too.' }));
    expect(change.summary).toBe('system prompt changed at lines 14-15');
    expect(change.changedLines).toEqual([{ start: 14, end: 15 }]);
    expect(change.oldChangedLines).toEqual([{ start: 14, end: 15 }]);
    expect(change.linesAdded).toBe(2);
    expect(change.linesRemoved).toBe(2);
    expect(change.group).toBe('behavior');
  });

  it('keeps two lines of context and gives the hunk its line numbers', () => {
    const before = numberedLines(20);
    const change = promptDiff(before, replaceLines(before, { 14: 'Line 14 of the new prompt.' }));
    expect(change.hunks).toHaveLength(1);
    const [hunk] = change.hunks;
    expect(hunk).toMatchObject({ oldStart: 12, oldLines: 5, newStart: 12, newLines: 5 });
    expect(hunk?.lines.map((line) => line.op)).toEqual(['equal', 'equal', 'delete', 'insert', 'equal', 'equal']);
    expect(change.words).toEqual([
      { op: 'equal', text: 'Line 12 of the prompt.\nLine 13 of the prompt.\nLine 14 of the ' },
      { op: 'insert', text: 'new ' },
      { op: 'equal', text: 'prompt.\nLine 15 of the prompt.\nLine 16 of the prompt.\n' },
    ]);
  });

  it('says "line 3" for a single line and joins ranges with commas', () => {
    const before = numberedLines(30);
    expect(promptDiff(before, replaceLines(before, { 3: 'changed' })).summary).toBe('system prompt changed at line 3');
    const several = promptDiff(before, replaceLines(before, { 3: 'x', 12: 'y', 13: 'z', 28: 'w' }));
    expect(several.summary).toBe('system prompt changed at lines 3, 12-13, 28');
    expect(several.hunks).toHaveLength(3);
    expect(several.words.filter((part) => part.text === '…')).toEqual([
      { op: 'equal', text: '…' },
      { op: 'equal', text: '…' },
    ]);
  });

  it('merges changes whose context overlaps into one hunk', () => {
    const before = numberedLines(20);
    const change = promptDiff(before, replaceLines(before, { 5: 'x', 9: 'y' }));
    expect(change.changedLines).toEqual([
      { start: 5, end: 5 },
      { start: 9, end: 9 },
    ]);
    expect(change.hunks).toHaveLength(1);
    expect(change.hunks[0]).toMatchObject({ oldStart: 3, oldLines: 9, newStart: 3, newLines: 9 });
  });

  it('places a pure deletion in both texts', () => {
    const before = numberedLines(20);
    const after = before
      .split('\n')
      .filter((_, index) => index !== 9 && index !== 10)
      .join('\n');
    const change = promptDiff(before, after);
    expect(change.oldChangedLines).toEqual([{ start: 10, end: 11 }]);
    // Old line 12 is new line 10: that is where the deleted lines were.
    expect(change.changedLines).toEqual([{ start: 10, end: 10 }]);
    expect(change.summary).toBe('system prompt changed at line 10');
    expect(change.linesAdded).toBe(0);
    expect(change.linesRemoved).toBe(2);
    expect(change.words.some((part) => part.op === 'insert')).toBe(false);
    expect(change.words.find((part) => part.op === 'delete')?.text).toBe('Line 10 of the prompt.\nLine 11 of the prompt.\n');
  });

  it('points a deletion at the end of the text at the new last line', () => {
    const change = promptDiff(numberedLines(10), numberedLines(8));
    expect(change.oldChangedLines).toEqual([{ start: 9, end: 10 }]);
    expect(change.changedLines).toEqual([{ start: 8, end: 8 }]);
  });

  it('places a pure insertion in both texts', () => {
    const before = numberedLines(10);
    const lines = before.split('\n');
    lines.splice(4, 0, 'New rule A.', 'New rule B.');
    const change = promptDiff(before, lines.join('\n'));
    expect(change.changedLines).toEqual([{ start: 5, end: 6 }]);
    expect(change.oldChangedLines).toEqual([{ start: 5, end: 5 }]);
    expect(change.summary).toBe('system prompt changed at lines 5-6');
    expect(change.linesRemoved).toBe(0);
    expect(change.words.some((part) => part.op === 'delete')).toBe(false);
  });

  it('shows only the appended line when the old text had no final newline', () => {
    const change = promptDiff(numberedLines(5), `${numberedLines(5)}\nLine 6 of the prompt.`);
    expect(change.changedLines).toEqual([{ start: 6, end: 6 }]);
    expect(change.linesRemoved).toBe(0);
  });

  it('counts lines by code point-agnostic newlines: unicode and emoji keep line numbers right', () => {
    const before = [
      'Réponds en français 🇫🇷.',
      '日本語のチケットもあります。',
      'Use 👍 for yes 👩‍👩‍👧.',
      'Ʃ rules:',
      'Be kind 🙂.',
      'End.',
    ].join('\n');
    const after = replaceLines(before, { 3: 'Use 👎 for no 👩‍👩‍👧.', 5: 'Be very kind 🙂.' });
    const change = promptDiff(before, after);
    expect(change.changedLines).toEqual([
      { start: 3, end: 3 },
      { start: 5, end: 5 },
    ]);
    expect(change.summary).toBe('system prompt changed at lines 3, 5');
    expect(sides(change).new).toContain('Use 👎 for no 👩‍👩‍👧.\n');
    expect(change.words.filter((part) => part.op !== 'equal').map((part) => part.text)).toEqual(
      expect.arrayContaining(['👍', '👎', 'very ']),
    );
    // No lone surrogate anywhere: emoji were never split in half.
    for (const part of change.words) expect(part.text).not.toMatch(/\p{Cs}/u);
  });

  it('reads CRLF as LF: line numbers match, and endings alone are reported as such', () => {
    const lf = numberedLines(20);
    const crlf = numberedLines(20, '\r\n');
    const onlyEndings = promptDiff(lf, crlf);
    expect(onlyEndings.changedLines).toEqual([]);
    expect(onlyEndings.hunks).toEqual([]);
    expect(onlyEndings.words).toEqual([]);
    expect(onlyEndings.summary).toBe('system prompt changed: line endings LF → CRLF');

    const edited = promptDiff(crlf, replaceLines(lf, { 14: 'x', 15: 'y' }));
    expect(edited.summary).toBe('system prompt changed at lines 14-15; line endings CRLF → LF');
    expect(edited.changedLines).toEqual([{ start: 14, end: 15 }]);
    for (const part of edited.words) expect(part.text).not.toContain('\r');

    const bothCrlf = promptDiff(crlf, replaceLines(crlf, { 14: 'x', 15: 'y' }, '\r\n'));
    expect(bothCrlf.summary).toBe('system prompt changed at lines 14-15');
  });

  it('reports a change of the final newline alone', () => {
    expect(promptDiff('a\nb', 'a\nb\n').summary).toBe('system prompt changed: newline added at end');
    expect(promptDiff('a\nb\n', 'a\nb').summary).toBe('system prompt changed: newline removed at end');
  });

  it('diffs the description the same way, in metadata', () => {
    const diff = diffConfigs(config({ description: '' }), config({ description: 'Routes tickets.\nOwned by support.' }));
    const change = textChange(diff, 'description');
    expect(change.group).toBe('metadata');
    expect(change.summary).toBe('description changed at lines 1-2');
    expect(change.oldChangedLines).toEqual([{ start: 1, end: 1 }]);
    expect(change.words).toEqual([{ op: 'insert', text: 'Routes tickets.\nOwned by support.' }]);
  });

  it('treats a prompt emptied entirely as a deletion at line 1', () => {
    const change = textChange(diffConfigs(config({ description: 'a\nb' }), config({ description: '' })), 'description');
    expect(change.changedLines).toEqual([{ start: 1, end: 1 }]);
    expect(change.oldChangedLines).toEqual([{ start: 1, end: 2 }]);
    expect(change.hunks[0]).toMatchObject({ oldStart: 1, oldLines: 2, newStart: 1, newLines: 0 });
  });
});

describe('large prompts', () => {
  // About 3,600 distinct lines, just under the 256 KB limit.
  const bigPrompt = (() => {
    const lines: string[] = [];
    let bytes = 0;
    for (let i = 1; bytes < MAX_SYSTEM_PROMPT_BYTES - 200; i++) {
      const line = `Rule ${i}: when a ticket mentions topic ${i % 97}, answer politely and cite policy ${i * 7}. ✓`;
      lines.push(line);
      bytes += Buffer.byteLength(line) + 1;
    }
    return lines.join('\n');
  })();

  it('keeps the word diff to the edited hunks of a 256 KB prompt', () => {
    const lines = bigPrompt.split('\n');
    const edits = { 10: 'Rule 10: escalate.', 1800: `${lines[1799]} Always.`, [lines.length - 1]: 'Rule n: be brief.' };
    const before = config({ system_prompt: bigPrompt });
    const after = config({ system_prompt: replaceLines(bigPrompt, edits) });
    const change = textChange(diffConfigs(before, after));

    expect(change.changedLines).toEqual([
      { start: 10, end: 10 },
      { start: 1800, end: 1800 },
      { start: lines.length - 1, end: lines.length - 1 },
    ]);
    expect(change.hunks).toHaveLength(3);
    // Bounded by the hunks (5 lines each), not by the prompt: this is what keeps large diffs fast.
    const wordChars = change.words.reduce((sum, part) => sum + part.text.length, 0);
    expect(change.words.length).toBeLessThan(40);
    expect(wordChars).toBeLessThan(3 * 5 * 120);
    expect(bigPrompt.length).toBeGreaterThan(100 * wordChars);
  });

  it('treats a rewritten 256 KB prompt as one replaced block instead of diffing it word by word', () => {
    const rewritten = bigPrompt
      .split('\n')
      .map((line) => line.toUpperCase())
      .join('\n');
    const change = promptDiff(bigPrompt, rewritten);
    const total = bigPrompt.split('\n').length;
    expect(change.changedLines).toEqual([{ start: 1, end: total }]);
    expect(change.words.map((part) => part.op)).toEqual(['delete', 'insert']);
  });

  it('diffs a rewritten section by whole lines and the rest by word', () => {
    const lines = bigPrompt.split('\n');
    const after = lines.map((line, index) =>
      index >= 100 && index < 700 ? line.toUpperCase() : index === 3000 ? `${line} Really.` : line,
    );
    const change = promptDiff(bigPrompt, after.join('\n'));
    expect(change.changedLines).toEqual([
      { start: 101, end: 700 },
      { start: 3001, end: 3001 },
    ]);
    expect(change.hunks[0]?.words.map((part) => part.op)).toEqual(['equal', 'delete', 'insert', 'equal']);
    expect(change.hunks[1]?.words.find((part) => part.op === 'insert')?.text).toBe(' Really.');
  });
});
