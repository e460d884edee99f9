import { type ConfigDiff, type FieldChange, formatValue, groupChanges, isPlaceholder, type WordLine, wordLines } from './backend.js';
import { html, type SafeHtml } from './html.js';

type Change<K extends FieldChange['kind']> = Extract<FieldChange, { kind: K }>;

function value(field: string, raw: Parameters<typeof formatValue>[1], tag: 'del' | 'ins'): SafeHtml {
  const text = formatValue(field, raw);
  // "(absent)" and "(unset)" describe a value rather than being one.
  return isPlaceholder(raw) ? html`<${tag} class="placeholder">${text}</${tag}>` : html`<${tag}>${text}</${tag}>`;
}

function hunkRows(lines: WordLine[]): SafeHtml[] {
  return lines.map((line) => {
    const parts = line.parts.map((part) =>
      part.op === 'insert' ? html`<ins>${part.text}</ins>` : part.op === 'delete' ? html`<del>${part.text}</del>` : part.text,
    );
    const kind = line.oldLine === undefined ? 'added' : line.newLine === undefined ? 'removed' : 'kept';
    return html`<tr class="${kind}"><td class="ln">${line.oldLine ?? ''}</td><td class="ln">${line.newLine ?? ''}</td><td class="code">${parts}</td></tr>`;
  });
}

function textChange(change: Change<'text'>): SafeHtml {
  const hunks = change.hunks.map((hunk, index) => [
    index > 0 ? html`<tr class="gap"><td class="ln">…</td><td class="ln">…</td><td class="code"></td></tr>` : '',
    hunkRows(wordLines(hunk)),
  ]);
  return html`<div class="change text"><p><code>${change.field}</code> ${change.summary.replace(/^(system prompt|description) /, '')}</p>
<table class="hunks"><thead><tr><th class="ln" title="line in the old version">old</th><th class="ln" title="line in the new version">new</th><th></th></tr></thead><tbody>${hunks}</tbody></table></div>`;
}

function change(item: FieldChange): SafeHtml {
  switch (item.kind) {
    case 'value':
      return html`<div class="change value"><code>${item.field}</code> ${value(item.field, item.before, 'del')} → ${value(item.field, item.after, 'ins')}</div>`;
    case 'list':
      return html`<div class="change list"><code>${item.field}</code> ${item.added.map((name) => html`<ins>+ ${name}</ins> `)}${item.removed.map((name) => html`<del>− ${name}</del> `)}</div>`;
    case 'text':
      return textChange(item);
  }
}

/**
 * The CLI's diff (src/diff) as HTML: a heading per field group, a line per changed value or list,
 * and the changed lines of long texts word by word with old and new line numbers. Every value is
 * text: a URL in a config is shown, never made a link.
 */
export function renderDiffHtml(diff: ConfigDiff): SafeHtml {
  if (diff.isEmpty) return html`<p class="diff empty">No changes: the two configs are the same.</p>`;
  return html`<div class="diff">${groupChanges(diff).map(
    ([group, changes]) => html`<section class="group"><h3>${group}</h3>${changes.map(change)}</section>`,
  )}</div>`;
}
