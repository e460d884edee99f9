import type { Context, Hono } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { AgentverError, UiBackend } from './backend.js';
import type { PageInput } from './layout.js';

/** What every request carries: who is signed in (null: the server's author) and this browser's CSRF token. */
export type UiEnv = { Variables: { identity: string | null; csrf: string } };

/**
 * What a page's routes get from the server: the app to add routes to, the backend, and the page
 * shell. The server wires security (host, CSRF, same origin, sign-in) before any route runs.
 */
export interface UiServer {
  app: Hono<UiEnv>;
  backend: UiBackend;
  /** Versions per history page. */
  pageSize: number;
  /** Who a write is made as: the signed-in identity, else the server's author. */
  author(c: Context<UiEnv>): string;
  /** A page in the shell, not cached. */
  page(c: Context<UiEnv>, input: Omit<PageInput, 'chrome'>, status?: ContentfulStatusCode): Response | Promise<Response>;
  /** An error page. */
  refusal(c: Context<UiEnv>, status: ContentfulStatusCode, error: AgentverError): Response | Promise<Response>;
}

/** The HTTP status of each error code. */
export const STATUS: Record<AgentverError['code'], ContentfulStatusCode> = {
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

/** The agent of an /agents/:id/… route. */
export const agentParam = (c: Context) => c.req.param('id') ?? '';
