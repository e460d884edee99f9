import type { TextHunk, WordPart } from './types.js';

/** One line of a word-level hunk, numbered on each side it exists on. */
export interface WordLine {
  oldLine: number | undefined;
  newLine: number | undefined;
  parts: WordPart[];
}

/**
 * Cuts a hunk's word parts at every newline. A deleted newline still ends the displayed line, so
 * markers never span lines; the line numbers show which text each displayed line belongs to.
 */
export function wordLines(hunk: TextHunk): WordLine[] {
  const lines: WordLine[] = [];
  let oldLine = hunk.oldStart;
  let newLine = hunk.newStart;
  let parts: WordPart[] = [];
  let inOld = false;
  let inNew = false;
  const touch = (op: WordPart['op']) => {
    if (op !== 'insert') inOld = true;
    if (op !== 'delete') inNew = true;
  };
  const finish = () => {
    lines.push({ oldLine: inOld ? oldLine : undefined, newLine: inNew ? newLine : undefined, parts });
    parts = [];
    inOld = false;
    inNew = false;
  };
  for (const part of hunk.words) {
    const pieces = part.text.split('\n');
    pieces.forEach((piece, index) => {
      if (piece) {
        parts.push({ op: part.op, text: piece });
        touch(part.op);
      }
      if (index === pieces.length - 1) return;
      touch(part.op);
      finish();
      if (part.op !== 'insert') oldLine++;
      if (part.op !== 'delete') newLine++;
    });
  }
  if (parts.length > 0) finish();
  return lines;
}
