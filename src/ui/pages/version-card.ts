import type { VersionSummary } from '../backend.js';
import { html, type SafeHtml } from '../html.js';
import { formatTime } from './format-time.js';
import { versionMarks } from './version-marks.js';

/** One version's provenance in a line: who wrote it, when and why. */
export function versionCard(role: string, version: VersionSummary): SafeHtml {
  return html`<div class="card"><span class="role">${role}</span> <strong>@${version.version}</strong> ${versionMarks(version)}
<span class="sub">${version.author}, <time datetime="${version.createdAt}">${formatTime(version.createdAt)}</time>: ${version.changeMessage}</span></div>`;
}
