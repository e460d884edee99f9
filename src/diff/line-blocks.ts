import { diffLines } from 'diff';

/** A run of consecutive changed lines; starts are 0-based indexes into the line arrays. */
export interface LineBlock {
  oldStart: number;
  oldCount: number;
  newStart: number;
  newCount: number;
}

/**
 * Above this many inserted plus removed lines the texts are treated as rewritten. Myers' diff costs
 * O((N+M)·D), so an unbounded D turns a rewritten 256 KB prompt into seconds of work for a diff
 * nobody reads line by line.
 */
const MAX_LINE_EDITS = 2000;

/** Lines with their terminators, so that joining a slice gives back the exact text. */
export function splitLines(text: string): string[] {
  return text.match(/[^\n]*\n|[^\n]+$/g) ?? [];
}

const withoutNewline = (line: string) => (line.endsWith('\n') ? line.slice(0, -1) : line);

/**
 * Lines in one text and not the other, counted as multisets: a lower bound on the edit distance that
 * costs O(N), so hopeless cases skip Myers entirely.
 */
function minimumEdits(oldLines: string[], newLines: string[]): number {
  const counts = new Map<string, number>();
  for (const line of oldLines) counts.set(withoutNewline(line), (counts.get(withoutNewline(line)) ?? 0) + 1);
  for (const line of newLines) counts.set(withoutNewline(line), (counts.get(withoutNewline(line)) ?? 0) - 1);
  let edits = 0;
  for (const count of counts.values()) edits += Math.abs(count);
  return edits;
}

/** The rewrite fallback: one block between the common first and last lines. */
function rewriteBlock(oldLines: string[], newLines: string[]): LineBlock[] {
  const same = (a: string | undefined, b: string | undefined) =>
    a !== undefined && b !== undefined && withoutNewline(a) === withoutNewline(b);
  let prefix = 0;
  while (prefix < oldLines.length && prefix < newLines.length && same(oldLines[prefix], newLines[prefix])) prefix++;
  let suffix = 0;
  while (
    suffix < oldLines.length - prefix &&
    suffix < newLines.length - prefix &&
    same(oldLines[oldLines.length - 1 - suffix], newLines[newLines.length - 1 - suffix])
  )
    suffix++;
  return [{ oldStart: prefix, oldCount: oldLines.length - prefix - suffix, newStart: prefix, newCount: newLines.length - prefix - suffix }];
}

/**
 * Changed blocks between two LF-normalized texts. A missing newline at the end of the text does not
 * count as a change, so appending a line after an unterminated last line shows only the new line.
 */
export function diffLineBlocks(oldText: string, newText: string, oldLines: string[], newLines: string[]): LineBlock[] {
  if (minimumEdits(oldLines, newLines) > MAX_LINE_EDITS) return rewriteBlock(oldLines, newLines);
  const changes = diffLines(oldText, newText, { ignoreNewlineAtEof: true, maxEditLength: MAX_LINE_EDITS });
  if (!changes) return rewriteBlock(oldLines, newLines);
  const blocks: LineBlock[] = [];
  let oldIndex = 0;
  let newIndex = 0;
  let block: LineBlock | undefined;
  for (const change of changes) {
    if (!change.added && !change.removed) {
      if (block) blocks.push(block);
      block = undefined;
      oldIndex += change.count;
      newIndex += change.count;
      continue;
    }
    block ??= { oldStart: oldIndex, oldCount: 0, newStart: newIndex, newCount: 0 };
    if (change.removed) {
      block.oldCount += change.count;
      oldIndex += change.count;
    } else {
      block.newCount += change.count;
      newIndex += change.count;
    }
  }
  if (block) blocks.push(block);
  return blocks;
}
