import type { ReleaseRecord } from '../backend.js';
import { html, type SafeHtml } from '../html.js';

/** What a label serves, in words: `@4 at 100%`, or `@3 (baseline) 80% · @4 (candidate) 20%`. */
export function labelState(release: Pick<ReleaseRecord, 'routes'>): SafeHtml {
  return html`${release.routes.map(
    (route, i) =>
      html`${i > 0 ? ' · ' : ''}<strong>@${route.version}</strong>${route.arm ? html` <span class="arm">(${route.arm})</span>` : ''} ${route.percent}%`,
  )}`;
}

/** A canary, or promoted within the last `days` days: when "roll back" is the button to show first. */
export function wantsRollback(release: ReleaseRecord, now: Date, days = 3): boolean {
  if (release.kind === 'canary') return true;
  return release.kind === 'promote' && now.getTime() - Date.parse(release.createdAt) < days * 24 * 60 * 60 * 1000;
}
