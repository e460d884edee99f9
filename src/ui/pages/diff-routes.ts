import { z } from 'zod';
import { diffVersions } from '../backend.js';
import { html } from '../html.js';
import { parseInput, versionField } from '../parse-input.js';
import { agentParam, type UiServer } from '../ui-server.js';
import { diffPage } from './diff-page.js';

/** The field diff of two versions. */
export function registerDiffRoutes(server: UiServer): void {
  server.app.get('/agents/:id/diff', async (c) => {
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
    const [a, b] = await server.backend.versionPair(agentId, from, to);
    return server.page(c, {
      title: `${agentId} @${from} → @${to}`,
      heading: html`${agentId} <span class="sub">@${from} → @${to}</span>`,
      agent: { id: agentId, tab: 'diff' },
      body: diffPage(a, b, diffVersions(a, b)),
    });
  });
}
