import type { HistoryPage, ReleaseRecord } from '../backend.js';
import { html, type SafeHtml } from '../html.js';
import { formatTime } from './format-time.js';
import { paths } from './paths.js';
import { versionMarks } from './version-marks.js';

export interface HistoryNotice {
  /** A version the page just wrote, e.g. after a rollback. */
  written?: number;
  /** Every label's current state: each version is marked with the labels that serve it. */
  labels?: readonly ReleaseRecord[];
}

/**
 * The history timeline, newest first, one page at a time. Ticking two versions and pressing
 * Compare opens their diff (a plain GET form; the script only keeps the choice at two). Every
 * version but the live one has a link to the rollback confirmation, carrying the live version
 * the page showed.
 */
export function historyPage(agentId: string, page: HistoryPage, notice: HistoryNotice = {}): SafeHtml {
  const rows = page.versions.map(
    (version) => html`<tr id="v${version.version}"${version.version === notice.written ? html` class="written"` : ''}>
<td class="pick"><input type="checkbox" name="v" value="${version.version}" aria-label="compare @${version.version}"></td>
<td class="num">@${version.version}</td>
<td>${versionMarks(version, notice.labels ?? [])}</td>
<td>${version.author}<span class="sub"><time datetime="${version.createdAt}">${formatTime(version.createdAt)}</time></span></td>
<td class="message">${version.changeMessage}</td>
<td class="actions">${
      version.isLatest
        ? ''
        : html`<a class="button" href="${paths.rollback(agentId, version.version, page.latestVersion)}">Roll back to @${version.version}</a>`
    }</td>
</tr>`,
  );
  const newest = page.versions[0]?.version ?? page.latestVersion;
  const oldest = page.versions.at(-1)?.version ?? 1;
  return html`${
    notice.written !== undefined
      ? html`<p class="notice" role="status">Rolled back: @${notice.written} is the latest version. No label moved: labels serve what they served.</p>`
      : ''
  }<p class="summary">${page.latestVersion} versions; latest: <a href="#v${page.latestVersion}">@${page.latestVersion}</a>. Showing @${newest} to @${oldest}.</p>
<form class="history" method="get" action="${paths.agent(agentId, '/diff')}" data-compare>
<p class="compare"><button type="submit" data-compare-button>Compare</button> <span data-compare-status aria-live="polite">Tick two versions to compare them.</span></p>
<table class="history">
<thead><tr><th class="pick">Pick</th><th>Version</th><th></th><th>Author</th><th>Message</th><th></th></tr></thead>
<tbody>${rows}</tbody>
</table>
</form>
<nav class="pages" aria-label="history pages">${
    newest < page.latestVersion ? html`<a href="${paths.agent(agentId)}">Newest</a>` : ''
  }${page.olderBefore !== null ? html` <a href="${paths.agent(agentId, `?before=${page.olderBefore}`)}" rel="next">Older versions</a>` : ''}</nav>`;
}
