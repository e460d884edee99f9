import { z } from 'zod';
import { type HistoryPage, ValidationError } from '../backend.js';
import { html } from '../html.js';
import { parseInput, versionField } from '../parse-input.js';
import { agentParam, type UiServer } from '../ui-server.js';
import { errorBox } from './error-box.js';
import { historyPage } from './history-page.js';
import { releasesPanel } from './releases-panel.js';

const PAGE = z.object({ before: versionField.optional(), written: versionField.optional() });

/** An agent's history, newest first, a page at a time. */
export function registerHistoryRoutes(server: UiServer): void {
  server.app.get('/agents/:id', async (c) => {
    const agentId = agentParam(c);
    let query: z.infer<typeof PAGE>;
    let history: HistoryPage;
    try {
      query = parseInput(PAGE, c.req.query(), 'page');
      history = await server.backend.historyPage(agentId, { size: server.pageSize, ...(query.before ? { before: query.before } : {}) });
    } catch (error) {
      // A page that is not one (before=0, before=99 of 7): say so, with the way to the newest page.
      if (!(error instanceof ValidationError && error.problems.every((problem) => Object.hasOwn(PAGE.shape, problem.field)))) throw error;
      return server.page(
        c,
        { title: `${agentId} history`, heading: agentId, agent: { id: agentId, tab: 'history' }, body: errorBox(error, { agentId }) },
        400,
      );
    }
    const [labels, decisions] = await Promise.all([server.backend.labels(agentId), server.backend.lastDecisions(agentId)]);
    // Only a rollback that is live and on this page is announced, so a crafted link cannot claim one.
    const written = history.versions.find((v) => v.version === query.written && v.isLatest && v.rollbackTo !== null);
    return server.page(c, {
      title: `${agentId} history`,
      heading: agentId,
      agent: { id: agentId, tab: 'history' },
      body: html`${releasesPanel(labels, decisions, new Date())}${historyPage(agentId, history, {
        ...(written ? { written: written.version } : {}),
        labels: labels.labels,
      })}`,
    });
  });
}
