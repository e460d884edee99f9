import type { ReleaseRecord, VersionSummary } from '../backend.js';
import { html, type SafeHtml } from '../html.js';

/**
 * Badges for a version: the labels that serve it (with the arm and share inside a canary),
 * `latest` when it is the newest version (one label among them: what a resolver without a label
 * serves), and where a rollback came from.
 */
export function versionMarks(
  version: Pick<VersionSummary, 'version' | 'isLatest' | 'rollbackTo' | 'rollbackFrom'>,
  labels: readonly Pick<ReleaseRecord, 'label' | 'routes'>[] = [],
): SafeHtml {
  const served = labels.flatMap((release) =>
    release.routes
      .filter((route) => route.version === version.version)
      .map((route) => html`<span class="mark label">${release.label}${route.arm ? ` ${route.arm} ${route.percent}%` : ''}</span>`),
  );
  return html`${served}${version.isLatest ? html`<span class="mark latest">latest</span>` : ''}${
    version.rollbackTo !== null
      ? html`<span class="mark rollback">rollback to @${version.rollbackTo}${version.rollbackFrom !== null ? ` (replaced @${version.rollbackFrom})` : ''}</span>`
      : ''
  }`;
}
