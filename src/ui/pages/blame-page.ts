import type { FieldChangeRecord } from '../backend.js';
import { html, type SafeHtml } from '../html.js';
import { formatTime } from './format-time.js';
import { paths } from './paths.js';

/** For each field, the version that last changed it; for one field, every change of it. */
export function blamePage(agentId: string, records: FieldChangeRecord[], field: string | undefined): SafeHtml {
  const rows = records.map(
    (record) => html`<tr>
<td>${field ? html`<code>${record.field}</code>` : html`<a href="${paths.blame(agentId, record.field)}"><code>${record.field}</code></a>`}</td>
<td class="num">@${record.version}${record.rollbackTo !== null ? html`<span class="mark rollback">rollback to @${record.rollbackTo}</span>` : ''}</td>
<td>${record.author}<span class="sub"><time datetime="${record.createdAt}">${formatTime(record.createdAt)}</time></span></td>
<td class="message">${record.changeMessage}</td>
<td>${record.version > 1 ? html`<a href="${paths.diff(agentId, record.version - 1, record.version)}">diff</a>` : ''}</td>
</tr>`,
  );
  return html`<p class="summary">${field ? html`Every change of <code>${field}</code>, newest first. <a href="${paths.blame(agentId)}">All fields</a>` : 'The last change of each field. Pick a field for all of its changes.'}</p>
<table class="blame">
<thead><tr><th>Field</th><th>Version</th><th>Author</th><th>Message</th><th></th></tr></thead>
<tbody>${rows}</tbody>
</table>`;
}
