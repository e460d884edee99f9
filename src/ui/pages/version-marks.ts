import type { VersionSummary } from '../backend.js';
import { html, type SafeHtml } from '../html.js';

/** Badges for a version: live now, and where a rollback came from. Release labels will add theirs here. */
export function versionMarks(version: Pick<VersionSummary, 'isLatest' | 'rollbackTo' | 'rollbackFrom'>): SafeHtml {
  return html`${version.isLatest ? html`<span class="mark live">live</span>` : ''}${
    version.rollbackTo !== null
      ? html`<span class="mark rollback">rollback to @${version.rollbackTo}${version.rollbackFrom !== null ? ` (replaced @${version.rollbackFrom})` : ''}</span>`
      : ''
  }`;
}
