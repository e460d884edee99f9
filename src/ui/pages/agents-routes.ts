import type { UiServer } from '../ui-server.js';
import { agentsPage } from './agents-page.js';

/** The agents list. */
export function registerAgentsRoutes(server: UiServer): void {
  server.app.get('/agents', async (c) => {
    const search = c.req.query('q') ?? '';
    return server.page(c, { title: 'Agents', body: agentsPage(await server.backend.listAgents(search), search) });
  });
}
