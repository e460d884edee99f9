import { diffLineBlocks, type LineBlock, splitLines } from './line-blocks.js';
import { buildHunks } from './text-hunks.js';
import type { LineRange, TextChange, WordPart } from './types.js';

export type TextDiff = Omit<TextChange, 'kind' | 'field' | 'group'>;

type LineEnding = 'LF' | 'CRLF' | 'mixed';

function lineEnding(text: string): LineEnding | undefined {
  const crlf = text.match(/\r\n/g)?.length ?? 0;
  const all = text.match(/\n/g)?.length ?? 0;
  if (all === 0) return undefined;
  return crlf === 0 ? 'LF' : crlf === all ? 'CRLF' : 'mixed';
}

/**
 * Where a block sits on one side. A block with no lines on that side points at the line that now
 * follows it, or the last line when it was at the end, so it always names a line a reader can find.
 */
function rangeOn(start: number, count: number, total: number): LineRange {
  if (count > 0) return { start: start + 1, end: start + count };
  const line = Math.max(1, Math.min(start + 1, total));
  return { start: line, end: line };
}

const formatRange = (range: LineRange) => (range.start === range.end ? `${range.start}` : `${range.start}-${range.end}`);

/** Texts can differ with no changed line: only CRLF/LF, or only the newline at the very end. */
function invisibleChange(before: string, after: string, endingNote: string | undefined): string {
  if (endingNote) return endingNote;
  if (before.endsWith('\n') !== after.endsWith('\n')) return after.endsWith('\n') ? 'newline added at end' : 'newline removed at end';
  return 'line endings only';
}

function summarize(label: string, ranges: LineRange[], before: string, after: string): string {
  const [beforeEnding, afterEnding] = [lineEnding(before), lineEnding(after)];
  const endingNote =
    beforeEnding && afterEnding && beforeEnding !== afterEnding ? `line endings ${beforeEnding} → ${afterEnding}` : undefined;
  if (ranges.length === 0) return `${label} changed: ${invisibleChange(before, after, endingNote)}`;
  const where = ranges.length === 1 && ranges[0]?.start === ranges[0]?.end ? 'line' : 'lines';
  const text = `${label} changed at ${where} ${ranges.map(formatRange).join(', ')}`;
  return endingNote ? `${text}; ${endingNote}` : text;
}

const GAP: WordPart = { op: 'equal', text: '…' };

/**
 * Line-then-word diff of two texts. Lines are matched first and words only inside the changed
 * blocks, which keeps a few edits in a 256 KB prompt fast and keeps `words` proportional to the edit.
 * CRLF is read as LF so line numbers match what editors show on either platform.
 */
export function diffText(before: string, after: string, label: string): TextDiff {
  const oldText = before.replace(/\r\n/g, '\n');
  const newText = after.replace(/\r\n/g, '\n');
  const oldLines = splitLines(oldText);
  const newLines = splitLines(newText);
  const blocks: LineBlock[] = oldText === newText ? [] : diffLineBlocks(oldText, newText, oldLines, newLines);
  const hunks = buildHunks(blocks, oldLines, newLines);
  const changedLines = blocks.map((block) => rangeOn(block.newStart, block.newCount, newLines.length));
  return {
    changedLines,
    oldChangedLines: blocks.map((block) => rangeOn(block.oldStart, block.oldCount, oldLines.length)),
    words: hunks.flatMap((hunk, index) => (index === 0 ? hunk.words : [{ ...GAP }, ...hunk.words])),
    hunks,
    summary: summarize(label, changedLines, before, after),
    linesAdded: blocks.reduce((sum, block) => sum + block.newCount, 0),
    linesRemoved: blocks.reduce((sum, block) => sum + block.oldCount, 0),
  };
}
