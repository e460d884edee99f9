import { diffWordsWithSpace } from 'diff';
import type { LineBlock } from './line-blocks.js';
import type { HunkLine, TextHunk, WordPart } from './types.js';

/** Lines of unchanged context kept around each change, as in `git diff -U2`. */
const CONTEXT = 2;
/**
 * Bounds on one block's word diff (Myers is O((N+M)·D)). A block past them, typically a rewritten
 * section, is shown as whole lines deleted and inserted, which reads just as well for a rewrite.
 */
const MAX_WORD_DIFF_CHARS = 32 * 1024;
const MAX_WORD_EDITS = 500;

const stripNewline = (line: string) => (line.endsWith('\n') ? line.slice(0, -1) : line);

/** Consecutive blocks whose context would touch or overlap share one hunk. */
function groupBlocks(blocks: LineBlock[]): LineBlock[][] {
  const groups: LineBlock[][] = [];
  for (const block of blocks) {
    const group = groups.at(-1);
    const previous = group?.at(-1);
    if (group && previous && block.oldStart - (previous.oldStart + previous.oldCount) <= 2 * CONTEXT) group.push(block);
    else groups.push([block]);
  }
  return groups;
}

function pushPart(parts: WordPart[], op: WordPart['op'], text: string): void {
  if (!text) return;
  const last = parts.at(-1);
  if (last?.op === op) last.text += text;
  else parts.push({ op, text });
}

/**
 * Word diffs run per changed block, never across unchanged lines: the line diff already decided
 * what matches, and the cost then follows the size of the edit rather than the size of the text.
 */
function blockParts(parts: WordPart[], oldText: string, newText: string): void {
  const changes =
    oldText && newText && oldText.length + newText.length <= MAX_WORD_DIFF_CHARS
      ? diffWordsWithSpace(oldText, newText, { maxEditLength: MAX_WORD_EDITS })
      : undefined;
  if (!changes) {
    pushPart(parts, 'delete', oldText);
    pushPart(parts, 'insert', newText);
    return;
  }
  for (const change of changes) pushPart(parts, change.added ? 'insert' : change.removed ? 'delete' : 'equal', change.value);
}

function buildHunk(group: LineBlock[], oldLines: string[], newLines: string[]): TextHunk {
  const first = group[0] as LineBlock;
  const last = group.at(-1) as LineBlock;
  const before = Math.min(CONTEXT, first.oldStart, first.newStart);
  const after = Math.min(CONTEXT, oldLines.length - last.oldStart - last.oldCount, newLines.length - last.newStart - last.newCount);
  const oldFrom = first.oldStart - before;
  const newFrom = first.newStart - before;
  const newTo = last.newStart + last.newCount + after;

  const lines: HunkLine[] = [];
  const words: WordPart[] = [];
  let newIndex = newFrom;
  const equalUntil = (newEnd: number) => {
    for (; newIndex < newEnd; newIndex++) {
      const line = newLines[newIndex] ?? '';
      lines.push({ op: 'equal', text: stripNewline(line) });
      pushPart(words, 'equal', line);
    }
  };
  for (const block of group) {
    equalUntil(block.newStart);
    const removed = oldLines.slice(block.oldStart, block.oldStart + block.oldCount);
    const added = newLines.slice(block.newStart, block.newStart + block.newCount);
    for (const line of removed) lines.push({ op: 'delete', text: stripNewline(line) });
    for (const line of added) lines.push({ op: 'insert', text: stripNewline(line) });
    blockParts(words, removed.join(''), added.join(''));
    newIndex = block.newStart + block.newCount;
  }
  equalUntil(newTo);

  return {
    oldStart: oldFrom + 1,
    oldLines: last.oldStart + last.oldCount + after - oldFrom,
    newStart: newFrom + 1,
    newLines: newTo - newFrom,
    lines,
    words,
  };
}

/** Hunks with context around each group of changed blocks, diffed by line and by word. */
export function buildHunks(blocks: LineBlock[], oldLines: string[], newLines: string[]): TextHunk[] {
  return groupBlocks(blocks).map((group) => buildHunk(group, oldLines, newLines));
}
