import { html, type SafeHtml } from './html.js';

export interface PageChrome {
  /** Who the page acts as, shown in the header. */
  identity: string;
  /** Where the data lives, e.g. "embedded emulator" or "project my-proj, dataset agentver". */
  backend: string;
  /** Present when a sign-out form is needed (token mode). */
  logoutCsrf?: string;
}

export interface PageInput {
  title: string;
  /** The h1; default: the title. */
  heading?: SafeHtml | string;
  chrome: PageChrome;
  body: SafeHtml;
  /** The agent the page is about: adds its tabs. */
  agent?: { id: string; tab: 'history' | 'blame' | 'metrics' | 'diff' | 'rollback' };
  /** Extra stylesheets under /assets (the metrics page adds the report's). */
  styles?: string[];
}

const TABS = [
  ['history', 'History', ''],
  ['blame', 'Blame', '/blame'],
  ['metrics', 'Metrics', '/metrics'],
] as const;

function agentTabs(agent: NonNullable<PageInput['agent']>): SafeHtml {
  const base = `/agents/${encodeURIComponent(agent.id)}`;
  return html`<nav class="tabs" aria-label="${agent.id}">${TABS.map(
    ([tab, label, path]) => html`<a href="${base}${path}"${tab === agent.tab ? html` aria-current="page"` : ''}>${label}</a>`,
  )}</nav>`;
}

/**
 * The page shell: no inline script or style (the CSP forbids both), one stylesheet and one script
 * from /assets, and the header every page shares.
 */
export function renderPage(input: PageInput): string {
  const { chrome } = input;
  return html`<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${input.title} · agentver</title>
${(input.styles ?? []).map((name) => html`<link rel="stylesheet" href="/assets/${name}">`)}
<link rel="stylesheet" href="/assets/ui.css">
<script src="/assets/ui.js" defer></script>
</head>
<body>
<header class="top">
<a class="brand" href="/agents">agentver</a>
<span class="backend">${chrome.backend}</span>
<span class="identity">acting as <strong>${chrome.identity}</strong></span>
${chrome.logoutCsrf ? html`<form method="post" action="/logout"><input type="hidden" name="csrf" value="${chrome.logoutCsrf}"><button type="submit" class="link">Sign out</button></form>` : ''}
</header>
<main>
<h1>${input.heading ?? input.title}</h1>
${input.agent ? agentTabs(input.agent) : ''}
${input.body}
</main>
</body>
</html>
`.text;
}
