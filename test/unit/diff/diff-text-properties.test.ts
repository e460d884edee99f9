import { diffConfigs, type TextHunk } from 'agentver';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { config, textChange } from './helpers.js';

const side = (hunk: TextHunk, skip: 'insert' | 'delete') =>
  hunk.words
    .filter((part) => part.op !== skip)
    .map((part) => part.text)
    .join('');

const slice = (text: string, start: number, count: number) =>
  count === 0
    ? ''
    : text
        .split(/(?<=\n)/)
        .slice(start - 1, start - 1 + count)
        .join('');

// Few distinct lines, so random texts share lines and produce real hunks rather than rewrites.
const text = fc
  .array(fc.constantFrom('alpha beta', 'gamma', 'delta 🎉 x', '', 'épsilon'), { maxLength: 25 })
  .map((lines) => lines.map((line) => `${line}\n`).join(''));

describe('text hunks', () => {
  it('rebuild the exact old and new lines they cover, by word and by line', () => {
    fc.assert(
      fc.property(text, text, (before, after) => {
        fc.pre(before !== after);
        const change = textChange(diffConfigs(config({ description: before }), config({ description: after })), 'description');
        for (const hunk of change.hunks) {
          expect(side(hunk, 'insert')).toBe(slice(before, hunk.oldStart, hunk.oldLines));
          expect(side(hunk, 'delete')).toBe(slice(after, hunk.newStart, hunk.newLines));
          const lineSide = (skip: string) =>
            hunk.lines
              .filter((line) => line.op !== skip)
              .map((line) => `${line.text}\n`)
              .join('');
          expect(lineSide('insert')).toBe(slice(before, hunk.oldStart, hunk.oldLines));
          expect(lineSide('delete')).toBe(slice(after, hunk.newStart, hunk.newLines));
        }
        const count = (value: string) => value.split('\n').length - 1;
        expect(change.linesAdded - change.linesRemoved).toBe(count(after) - count(before));
        expect(change.changedLines).toHaveLength(change.oldChangedLines.length);
        expect(change.changedLines.length).toBeGreaterThan(0);
      }),
    );
  });
});
