import { formatValue, isPlaceholder } from './format-value.js';
import { groupChanges } from './group-changes.js';
import type { ConfigDiff, FieldChange, JsonValue, RenderMarkdownOptions, TextChange } from './types.js';

const longestBacktickRun = (text: string) => Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length));

/** A code span that survives backticks in the value (a prompt fragment, a JSON string). */
function code(text: string): string {
  const fence = '`'.repeat(longestBacktickRun(text) + 1);
  const pad = /^[` ]|[` ]$/.test(text) ? ' ' : '';
  return `${fence}${pad}${text}${pad}${fence}`;
}

const value = (field: string, item: JsonValue | undefined) =>
  isPlaceholder(item) ? `_${formatValue(field, item)}_` : code(formatValue(field, item));

/** The hunks as a unified diff, indented so it stays inside the change's list item. */
function diffBlock(change: TextChange): string[] {
  const sign = { equal: ' ', insert: '+', delete: '-' } as const;
  const body = change.hunks.flatMap((hunk) => [
    `@@ -${hunk.oldLines === 0 ? hunk.oldStart - 1 : hunk.oldStart},${hunk.oldLines} +${hunk.newLines === 0 ? hunk.newStart - 1 : hunk.newStart},${hunk.newLines} @@`,
    ...hunk.lines.map((line) => `${sign[line.op]}${line.text}`),
  ]);
  if (body.length === 0) return [];
  const fence = '`'.repeat(Math.max(3, ...body.map((line) => longestBacktickRun(line) + 1)));
  return ['', ...[`${fence}diff`, ...body, fence].map((line) => `  ${line}`), ''];
}

function changeItems(change: FieldChange): string[] {
  switch (change.kind) {
    case 'value':
      return [`- ${code(change.field)}: ${value(change.field, change.before)} → ${value(change.field, change.after)}`];
    case 'list': {
      const parts = [
        change.added.length > 0 ? `added ${change.added.map(code).join(', ')}` : '',
        change.removed.length > 0 ? `removed ${change.removed.map(code).join(', ')}` : '',
      ].filter(Boolean);
      return [`- ${code(change.field)}: ${parts.join('; ')}`];
    }
    case 'text':
      return [`- ${change.summary} (+${change.linesAdded} −${change.linesRemoved} lines)`, ...diffBlock(change)];
  }
}

/** A diff for pull requests and chat: a heading per group, a bullet per change, prompt hunks as a diff block. */
export function renderDiffMarkdown(diff: ConfigDiff, options: RenderMarkdownOptions = {}): string {
  const level = options.level ?? 1;
  const out: string[] = options.header ? [`${'#'.repeat(level)} ${options.header}`, ''] : [];
  const groupHeading = '#'.repeat(options.header ? level + 1 : level);
  if (diff.isEmpty) return [...out, '_no changes_'].join('\n');
  for (const [group, changes] of groupChanges(diff)) {
    out.push(`${groupHeading} ${group}`, '', ...changes.flatMap(changeItems));
    if (out.at(-1) !== '') out.push('');
  }
  return out.join('\n').trimEnd();
}
