import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { type Context, Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { z } from 'zod';
import {
  AgentverError,
  ConflictError,
  diffVersions,
  isConfigField,
  reportStylesheet,
  toAgentverError,
  type UiBackend,
  type VersionRecord,
} from './backend.js';
import { html } from './html.js';
import { type PageInput, renderPage } from './layout.js';
import { agentsPage } from './pages/agents-page.js';
import { blamePage } from './pages/blame-page.js';
import { conflictPage } from './pages/conflict-page.js';
import { diffPage } from './pages/diff-page.js';
import { errorBox } from './pages/error-box.js';
import { historyPage } from './pages/history-page.js';
import { loginPage } from './pages/login-page.js';
import { metricsPage } from './pages/metrics-page.js';
import { paths } from './pages/paths.js';
import { rollbackPage } from './pages/rollback-page.js';
import { dayField, parseInput, versionField } from './parse-input.js';
import { CsrfTokens } from './security/csrf-tokens.js';
import { IapAuth, type IapAuthOptions } from './security/iap-auth.js';
import { hostName, isLoopback } from './security/loopback.js';
import { crossSiteReason } from './security/same-origin.js';
import { TokenAuth } from './security/token-auth.js';

export type AuthMode = { kind: 'none' } | { kind: 'token'; token: string } | ({ kind: 'iap' } & IapAuthOptions);

export interface UiAppOptions {
  backend: UiBackend;
  auth: AuthMode;
  /** The author of writes when no one is signed in (the CLI's --author resolution). */
  author: string;
  /** Where the data lives, for the header; read per request, as the backend opens lazily. */
  backendLabel: () => string;
  /** Versions per history page. */
  pageSize?: number;
  csrfSecret?: Buffer;
}

type Env = { Variables: { identity: string | null; csrf: string } };

const CSRF_COOKIE = 'agentver_csrf';
const SESSION_COOKIE = 'agentver_session';

/**
 * No script or style but this server's files, no frames, forms only to this server. The charts
 * are inline SVG with classes, so they need no style attributes.
 */
const SECURITY_HEADERS = {
  'content-security-policy':
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
  'x-content-type-options': 'nosniff',
  // same-origin, not no-referrer: under no-referrer Chromium sends `Origin: null` on the page's own POSTs.
  'referrer-policy': 'same-origin',
  'x-frame-options': 'DENY',
  'cross-origin-opener-policy': 'same-origin',
};

const STATUS: Record<AgentverError['code'], ContentfulStatusCode> = {
  invalid_input: 400,
  not_found: 404,
  conflict: 409,
  no_changes: 409,
  already_exists: 409,
  regression: 422,
  assertion_failed: 422,
  secrets_found: 422,
  backend: 502,
  internal: 500,
};

// src/ui/x.ts and dist/ui/x.js sit at the same depth, so both find the assets in the sources.
const ASSETS = new URL('../../src/ui/assets/', import.meta.url);
const asset = (name: string) => readFileSync(new URL(name, ASSETS), 'utf8');

const agentParam = (c: Context) => c.req.param('id') ?? '';

/**
 * The web page over the library: Hono, because it is small, has no dependencies, builds on the
 * web-standard Request/Response (so tests call `app.request()` in-process, without a socket),
 * and its node adapter is one function. Every GET only reads; every POST is same-origin,
 * carries a CSRF token, and names the version it was based on.
 */
export function createUiApp(options: UiAppOptions): Hono<Env> {
  const { backend } = options;
  const pageSize = options.pageSize ?? 50;
  const csrf = new CsrfTokens(options.csrfSecret);
  const token = options.auth.kind === 'token' ? new TokenAuth(options.auth.token) : undefined;
  const iap = options.auth.kind === 'iap' ? new IapAuth(options.auth) : undefined;
  const files: Record<string, { body: string; type: string }> = {
    'ui.js': { body: asset('ui.js'), type: 'text/javascript; charset=utf-8' },
    'ui.css': { body: asset('ui.css'), type: 'text/css; charset=utf-8' },
    'report.css': { body: reportStylesheet(), type: 'text/css; charset=utf-8' },
  };
  const app = new Hono<Env>();

  const page = (c: Context<Env>, input: Omit<PageInput, 'chrome'>, status: ContentfulStatusCode = 200) => {
    c.header('cache-control', 'no-store');
    const identity = c.get('identity') ?? options.author;
    return c.html(
      renderPage({
        ...input,
        chrome: { identity, backend: options.backendLabel(), ...(token && c.get('identity') ? { logoutCsrf: c.get('csrf') } : {}) },
      }),
      status,
    );
  };
  const refusal = (c: Context<Env>, status: ContentfulStatusCode, error: AgentverError) =>
    page(c, { title: 'Refused', body: errorBox(error) }, status);

  app.use('*', async (c, next) => {
    await next();
    for (const [name, value] of Object.entries(SECURITY_HEADERS)) c.res.headers.set(name, value);
  });

  // Without an auth mode the server is for this machine only: a page from another site that
  // rebinds its own name to 127.0.0.1 still sends its own Host, and is refused here.
  app.use('*', async (c, next) => {
    if (options.auth.kind === 'none' && !isLoopback(hostName(c.req.header('host') ?? ''))) {
      return refusal(
        c,
        403,
        new AgentverError('invalid_input', `refused: Host "${c.req.header('host') ?? ''}" is not this machine`, {
          hint: 'Without --auth-token or --trust-iap the page only answers on 127.0.0.1 or localhost.',
        }),
      );
    }
    await next();
  });

  app.get('/assets/:name', (c) => {
    const file = files[c.req.param('name')];
    if (!file) return c.text('not found', 404);
    c.header('content-type', file.type);
    c.header('cache-control', 'no-cache');
    return c.body(file.body);
  });

  // Every browser gets a CSRF cookie on its first page; forms carry the HMAC of it.
  app.use('*', async (c, next) => {
    let cookie = getCookie(c, CSRF_COOKIE);
    if (!cookie) {
      cookie = csrf.newCookie();
      setCookie(c, CSRF_COOKIE, cookie, { httpOnly: true, sameSite: 'Strict', path: '/', secure: isHttps(c) });
    }
    c.set('csrf', csrf.tokenFor(cookie));
    await next();
  });

  app.use('*', bodyLimit({ maxSize: 64 * 1024 }));

  // State changes: same origin, and the form's token matches this browser's cookie.
  app.use('*', async (c, next) => {
    if (c.req.method === 'GET' || c.req.method === 'HEAD') return next();
    const reason = crossSiteReason({ get: (name) => c.req.header(name) });
    if (reason) {
      return refusal(
        c,
        403,
        new AgentverError('invalid_input', `refused: ${reason}; nothing was written`, { hint: 'Use the page itself.' }),
      );
    }
    const body = await c.req.parseBody();
    if (!csrf.verify(getCookie(c, CSRF_COOKIE), body.csrf)) {
      return refusal(
        c,
        403,
        new AgentverError(
          'invalid_input',
          'refused: the form has no valid CSRF token (it may be older than the server); nothing was written',
          {
            hint: 'Reload the page and try again.',
          },
        ),
      );
    }
    await next();
  });

  app.get('/login', (c) => {
    if (!token) return c.redirect('/agents', 303);
    return page(c, { title: 'Sign in', body: loginPage(c.get('csrf'), safeNext(c.req.query('next')), c.req.query('failed') === '1') });
  });
  app.post('/login', async (c) => {
    const body = await c.req.parseBody();
    const next = safeNext(body.next);
    if (!token) return c.redirect(next, 303);
    if (typeof body.token !== 'string' || !token.matches(body.token)) {
      return c.redirect(`/login?failed=1&next=${encodeURIComponent(next)}`, 303);
    }
    setCookie(c, SESSION_COOKIE, token.sessionValue, { httpOnly: true, sameSite: 'Strict', path: '/', secure: isHttps(c) });
    return c.redirect(next, 303);
  });

  // Who is asking: nobody needs to sign in on loopback, a token or IAP's signed header otherwise.
  app.use('*', async (c, next) => {
    if (token) {
      const bearer = /^Bearer (.+)$/i.exec(c.req.header('authorization') ?? '')?.[1];
      const session = getCookie(c, SESSION_COOKIE);
      if (!((bearer && token.matches(bearer)) || (session && token.matchesSession(session)))) {
        if (c.req.method === 'GET') return c.redirect(`/login?next=${encodeURIComponent(c.req.path)}`, 303);
        return refusal(c, 401, new AgentverError('invalid_input', 'sign-in required: nothing was written', { hint: 'Sign in at /login.' }));
      }
      c.set('identity', null);
    } else if (iap) {
      const email = await iap.verify(c.req.header('x-goog-iap-jwt-assertion'));
      if (!email) {
        return refusal(
          c,
          401,
          new AgentverError('invalid_input', 'sign-in required: no valid Cloud IAP assertion (x-goog-iap-jwt-assertion)', {
            hint: 'Open the page through its IAP-protected address, with --iap-audience set to that backend.',
          }),
        );
      }
      c.set('identity', email);
    } else {
      c.set('identity', null);
    }
    await next();
  });

  app.post('/logout', (c) => {
    deleteCookie(c, SESSION_COOKIE, { path: '/' });
    return c.redirect('/login', 303);
  });

  app.get('/', (c) => c.redirect('/agents', 302));

  app.get('/agents', async (c) => {
    const search = c.req.query('q') ?? '';
    return page(c, { title: 'Agents', body: agentsPage(await backend.listAgents(search), search) });
  });

  app.get('/agents/:id', async (c) => {
    const agentId = agentParam(c);
    const query = parseInput(z.object({ before: versionField.optional(), written: versionField.optional() }), c.req.query(), 'page');
    const history = await backend.historyPage(agentId, { size: pageSize, ...(query.before ? { before: query.before } : {}) });
    // Only a rollback that is live and on this page is announced, so a crafted link cannot claim one.
    const written = history.versions.find((v) => v.version === query.written && v.isLatest && v.rollbackTo !== null);
    return page(c, {
      title: `${agentId} history`,
      heading: agentId,
      agent: { id: agentId, tab: 'history' },
      body: historyPage(agentId, history, written ? { written: written.version } : {}),
    });
  });

  app.get('/agents/:id/diff', async (c) => {
    const agentId = agentParam(c);
    const picked = c.req.queries('v');
    const raw = picked ? { from: picked[0], to: picked[1], picked: picked.length } : { ...c.req.query(), picked: 2 };
    const query = parseInput(
      z.object({
        picked: z.number().refine((n) => n === 2, 'tick exactly two versions to compare'),
        from: versionField,
        to: versionField,
      }),
      raw,
      'comparison',
    );
    // Ticked boxes come newest first; a diff reads from old to new.
    const [from, to] = picked ? [Math.min(query.from, query.to), Math.max(query.from, query.to)] : [query.from, query.to];
    const [a, b] = await backend.versionPair(agentId, from, to);
    return page(c, {
      title: `${agentId} @${from} → @${to}`,
      heading: html`${agentId} <span class="sub">@${from} → @${to}</span>`,
      agent: { id: agentId, tab: 'diff' },
      body: diffPage(a, b, diffVersions(a, b)),
    });
  });

  app.get('/agents/:id/blame', async (c) => {
    const agentId = agentParam(c);
    const field = c.req.query('field') || undefined;
    const records = await backend.blame(agentId, field);
    return page(c, {
      title: `${agentId} blame`,
      heading: agentId,
      agent: { id: agentId, tab: 'blame' },
      body: blamePage(agentId, records, field && isConfigField(field) ? field : undefined),
    });
  });

  app.get('/agents/:id/metrics', async (c) => {
    const agentId = agentParam(c);
    const filters = parseInput(
      z
        .object({
          fromVersion: versionField.optional(),
          toVersion: versionField.optional(),
          since: dayField.optional(),
          until: dayField.optional(),
        })
        .refine((f) => !(f.fromVersion && f.toVersion && f.fromVersion > f.toVersion), {
          path: ['fromVersion'],
          message: 'is after toVersion',
        })
        .refine((f) => !(f.since && f.until && f.since > f.until), { path: ['since'], message: 'is after until' }),
      c.req.query(),
      'filter',
    );
    let result: { sectionsHtml: string } | AgentverError;
    try {
      result = await backend.metrics(agentId, {
        ...(filters.fromVersion ? { fromVersion: filters.fromVersion } : {}),
        ...(filters.toVersion ? { toVersion: filters.toVersion } : {}),
        ...(filters.since ? { fromDate: filters.since } : {}),
        ...(filters.until ? { toDate: filters.until } : {}),
      });
    } catch (error) {
      // The filters stay usable when the marts are missing or a range is empty.
      result = toAgentverError(error);
    }
    return page(
      c,
      {
        title: `${agentId} metrics`,
        heading: agentId,
        agent: { id: agentId, tab: 'metrics' },
        styles: ['report.css'],
        body: metricsPage(agentId, filters, result),
      },
      result instanceof AgentverError ? STATUS[result.code] : 200,
    );
  });

  app.get('/agents/:id/rollback', async (c) => {
    const agentId = agentParam(c);
    const query = parseInput(z.object({ to: versionField, expected: versionField }), c.req.query(), 'rollback');
    const [live, target] = await backend.versionPair(agentId, query.expected, query.to);
    if (!live.isLatest) {
      const current = await backend.latest(agentId);
      return conflict(c, new ConflictError(agentId, query.expected, current), live, current, query.to);
    }
    return page(c, {
      title: `Roll ${agentId} back to @${query.to}`,
      heading: html`${agentId} <span class="sub">roll back to @${query.to}</span>`,
      agent: { id: agentId, tab: 'rollback' },
      body: rollbackPage(live, target, diffVersions(live, target), { csrf: c.get('csrf'), requestId: randomUUID() }),
    });
  });

  app.post('/agents/:id/rollback', async (c) => {
    const agentId = agentParam(c);
    const form = parseInput(
      z.object({
        to: versionField,
        expectedVersion: versionField,
        requestId: z.string().min(1).max(200).optional(),
        message: z.preprocess((v) => (typeof v === 'string' && v.trim() === '' ? undefined : v), z.string().max(10_000).optional()),
      }),
      await c.req.parseBody(),
      'rollback',
    );
    try {
      const { record } = await backend.rollback(agentId, form.to, {
        expectedVersion: form.expectedVersion,
        author: c.get('identity') ?? options.author,
        ...(form.message ? { message: form.message } : {}),
        ...(form.requestId ? { requestId: form.requestId } : {}),
      });
      return c.redirect(paths.agent(agentId, `?written=${record.version}#v${record.version}`), 303);
    } catch (error) {
      if (!(error instanceof AgentverError) || error.code !== 'conflict') throw error;
      const [seen, live] = await backend.versionPair(agentId, form.expectedVersion, error.details.currentVersion as number);
      return conflict(c, error, seen, live, form.to);
    }
  });

  function conflict(c: Context<Env>, error: AgentverError, seen: VersionRecord, live: VersionRecord, to: number) {
    return page(
      c,
      {
        title: `${live.agentId} changed`,
        heading: html`${live.agentId} <span class="sub">changed since you looked</span>`,
        agent: { id: live.agentId, tab: 'rollback' },
        body: conflictPage(error, seen, live, diffVersions(seen, live), to),
      },
      409,
    );
  }

  app.notFound((c) => refusal(c, 404, new AgentverError('not_found', `no page at ${c.req.path}`, { hint: 'Start at /agents.' })));

  app.onError((error, c) => {
    const failure = toAgentverError(error);
    return page(c, { title: `Error: ${failure.code}`, body: errorBox(failure) }, STATUS[failure.code]);
  });

  return app;
}

function isHttps(c: Context): boolean {
  return new URL(c.req.url).protocol === 'https:' || c.req.header('x-forwarded-proto') === 'https';
}

/** Only a path on this server: `//evil.example` and `https://…` would leave it after sign-in. */
function safeNext(next: unknown): string {
  return typeof next === 'string' && /^\/(?![/\\])/.test(next) ? next : '/agents';
}
