import { isConfigField } from '../backend.js';
import { agentParam, type UiServer } from '../ui-server.js';
import { blamePage } from './blame-page.js';

/** Who set each field, and when. */
export function registerBlameRoutes(server: UiServer): void {
  server.app.get('/agents/:id/blame', async (c) => {
    const agentId = agentParam(c);
    const field = c.req.query('field') || undefined;
    const records = await server.backend.blame(agentId, field);
    return server.page(c, {
      title: `${agentId} blame`,
      heading: agentId,
      agent: { id: agentId, tab: 'blame' },
      body: blamePage(agentId, records, field && isConfigField(field) ? field : undefined),
    });
  });
}
