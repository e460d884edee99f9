import { formatValue } from './format-value.js';
import { groupChanges } from './group-changes.js';
import type { ConfigDiff, DiffOp, FieldChange, RenderTextOptions, TextChange } from './types.js';
import { wordLines } from './word-lines.js';

export { renderDiffMarkdown } from './render-markdown.js';

type Painted = Exclude<DiffOp, 'equal'>;
const ANSI: Record<Painted, [string, string]> = { insert: ['\x1b[32m', '\x1b[39m'], delete: ['\x1b[31m', '\x1b[39m'] };
const MARKERS: Record<Painted, [string, string]> = { insert: ['{+', '+}'], delete: ['[-', '-]'] };

/** Colour when asked, and nothing otherwise: values and list items already say which side they are on. */
function paint(op: DiffOp, text: string, color: boolean): string {
  if (op === 'equal' || !color) return text;
  const [open, close] = ANSI[op];
  return `${open}${text}${close}`;
}

/**
 * Prompt text is data: an escape sequence in it must not drive the terminal (clear the screen,
 * hide lines). Control characters other than tab are shown as Unicode control pictures (ESC → ␛).
 */
function showControls(text: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
  return text.replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, (c) =>
    String.fromCharCode(c === '\u007f' ? 0x2421 : 0x2400 + c.charCodeAt(0)),
  );
}

/** Inside a prompt line the side is not otherwise visible, so without colour it gets git's word-diff markers. */
function markWord(op: DiffOp, raw: string, color: boolean): string {
  const text = showControls(raw);
  if (op === 'equal') return text;
  const [open, close] = (color ? ANSI : MARKERS)[op];
  return `${open}${text}${close}`;
}

function textHunkLines(change: TextChange, color: boolean): string[] {
  const out: string[] = [];
  const last = change.hunks.at(-1);
  const width = String(last ? Math.max(last.oldStart + last.oldLines - 1, last.newStart + last.newLines - 1, 1) : 1).length;
  const gutter = (line: number | undefined) => (line === undefined ? '' : String(line)).padStart(width);
  change.hunks.forEach((hunk, index) => {
    if (index > 0) out.push('    …');
    for (const line of wordLines(hunk)) {
      const text = line.parts.map((part) => markWord(part.op, part.text, color)).join('');
      out.push(`    ${gutter(line.oldLine)} ${gutter(line.newLine)} │${text ? ` ${text}` : ''}`);
    }
  });
  return out;
}

function changeLines(change: FieldChange, color: boolean): string[] {
  switch (change.kind) {
    case 'value':
      return [
        `  ${change.field} ${paint('delete', formatValue(change.field, change.before), color)} → ${paint('insert', formatValue(change.field, change.after), color)}`,
      ];
    case 'list': {
      const items = [
        ...change.added.map((name) => paint('insert', `+ ${name}`, color)),
        ...change.removed.map((name) => paint('delete', `− ${name}`, color)),
      ];
      return [`  ${change.field} ${items.join(' ')}`];
    }
    case 'text':
      return [`  ${change.summary}`, ...textHunkLines(change, color)];
  }
}

/**
 * A diff for terminals and logs: a heading per group, a line per change, and the changed parts of
 * long texts word by word with their line numbers (old, then new).
 */
export function renderDiffText(diff: ConfigDiff, options: RenderTextOptions = {}): string {
  const color = options.color ?? false;
  const out: string[] = options.header ? [options.header] : [];
  if (diff.isEmpty) return [...out, 'no changes'].join('\n');
  for (const [group, changes] of groupChanges(diff)) {
    out.push(group, ...changes.flatMap((change) => changeLines(change, color)));
  }
  return out.join('\n');
}
