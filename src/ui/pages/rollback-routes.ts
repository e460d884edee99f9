import { randomUUID } from 'node:crypto';
import type { Context } from 'hono';
import { z } from 'zod';
import { AgentverError, ConflictError, diffVersions, type VersionRecord } from '../backend.js';
import { html } from '../html.js';
import { parseInput, versionField } from '../parse-input.js';
import { agentParam, type UiEnv, type UiServer } from '../ui-server.js';
import { conflictPage } from './conflict-page.js';
import { paths } from './paths.js';
import { rollbackPage } from './rollback-page.js';

/** Rolling an agent back by version (a new version copying an old one), with its confirmation and conflict page. */
export function registerRollbackRoutes(server: UiServer): void {
  server.app.get('/agents/:id/rollback', async (c) => {
    const agentId = agentParam(c);
    const query = parseInput(z.object({ to: versionField, expected: versionField }), c.req.query(), 'rollback');
    const [live, target] = await server.backend.versionPair(agentId, query.expected, query.to);
    if (!live.isLatest) {
      const current = await server.backend.latest(agentId);
      return conflict(c, new ConflictError(agentId, query.expected, current), live, current, query.to);
    }
    return server.page(c, {
      title: `Roll ${agentId} back to @${query.to}`,
      heading: html`${agentId} <span class="sub">roll back to @${query.to}</span>`,
      agent: { id: agentId, tab: 'rollback' },
      body: rollbackPage(live, target, diffVersions(live, target), { csrf: c.get('csrf'), requestId: randomUUID() }),
    });
  });

  server.app.post('/agents/:id/rollback', async (c) => {
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
      const { record } = await server.backend.rollback(agentId, form.to, {
        expectedVersion: form.expectedVersion,
        author: server.author(c),
        ...(form.message ? { message: form.message } : {}),
        ...(form.requestId ? { requestId: form.requestId } : {}),
      });
      return c.redirect(paths.agent(agentId, `?written=${record.version}#v${record.version}`), 303);
    } catch (error) {
      if (!(error instanceof AgentverError) || error.code !== 'conflict') throw error;
      const [seen, live] = await server.backend.versionPair(agentId, form.expectedVersion, error.details.currentVersion as number);
      return conflict(c, error, seen, live, form.to);
    }
  });

  function conflict(c: Context<UiEnv>, error: AgentverError, seen: VersionRecord, live: VersionRecord, to: number) {
    return server.page(
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
}
