import { readFileSync } from 'node:fs';
import { type Context, Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { AgentverError, reportStylesheet, toAgentverError, type UiBackend } from './backend.js';
import { type PageInput, renderPage } from './layout.js';
import { registerAgentsRoutes } from './pages/agents-routes.js';
import { registerBlameRoutes } from './pages/blame-routes.js';
import { registerDiffRoutes } from './pages/diff-routes.js';
import { errorBox } from './pages/error-box.js';
import { registerHistoryRoutes } from './pages/history-routes.js';
import { registerLabelRoutes } from './pages/label-routes.js';
import { loginPage } from './pages/login-page.js';
import { registerMetricsRoutes } from './pages/metrics-routes.js';
import { registerRollbackRoutes } from './pages/rollback-routes.js';
import { CsrfTokens } from './security/csrf-tokens.js';
import { IapAuth, type IapAuthOptions } from './security/iap-auth.js';
import { hostName, isLoopback } from './security/loopback.js';
import { crossSiteReason } from './security/same-origin.js';
import { TokenAuth } from './security/token-auth.js';
import { STATUS, type UiEnv, type UiServer } from './ui-server.js';

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

// src/ui/x.ts and dist/ui/x.js sit at the same depth, so both find the assets in the sources.
const ASSETS = new URL('../../src/ui/assets/', import.meta.url);
const asset = (name: string) => readFileSync(new URL(name, ASSETS), 'utf8');

/**
 * The web page over the library: Hono, because it is small, has no dependencies, builds on the
 * web-standard Request/Response (so tests call `app.request()` in-process, without a socket),
 * and its node adapter is one function. Every GET only reads; every POST is same-origin,
 * carries a CSRF token, and names the version it was based on.
 */
export function createUiApp(options: UiAppOptions): Hono<UiEnv> {
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
  const app = new Hono<UiEnv>();

  const page = (c: Context<UiEnv>, input: Omit<PageInput, 'chrome'>, status: ContentfulStatusCode = 200) => {
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
  const refusal = (c: Context<UiEnv>, status: ContentfulStatusCode, error: AgentverError) =>
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

  const server: UiServer = { app, backend, pageSize, author: (c) => c.get('identity') ?? options.author, page, refusal };
  for (const register of [
    registerAgentsRoutes,
    registerHistoryRoutes,
    registerDiffRoutes,
    registerBlameRoutes,
    registerMetricsRoutes,
    registerRollbackRoutes,
    registerLabelRoutes,
  ]) {
    register(server);
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
