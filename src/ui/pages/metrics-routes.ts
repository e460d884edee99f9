import { z } from 'zod';
import { AgentverError, toAgentverError } from '../backend.js';
import { dayField, parseInput, versionField } from '../parse-input.js';
import { agentParam, STATUS, type UiServer } from '../ui-server.js';
import { type MetricsForm, metricsPage } from './metrics-page.js';

const FILTERS = z
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
  .refine((f) => !(f.since && f.until && f.since > f.until), { path: ['since'], message: 'is after until' });

/** The report of an agent's versions, with filters that stay usable when they are wrong or it fails. */
export function registerMetricsRoutes(server: UiServer): void {
  server.app.get('/agents/:id/metrics', async (c) => {
    const agentId = agentParam(c);
    const query = c.req.query();
    // The form shows what was sent, so a bad value can be seen and fixed in place.
    const form: MetricsForm = {
      fromVersion: query.fromVersion ?? '',
      toVersion: query.toVersion ?? '',
      since: query.since ?? '',
      until: query.until ?? '',
    };
    let result: Awaited<ReturnType<typeof server.backend.metrics>> | AgentverError;
    try {
      const filters = parseInput(FILTERS, query, 'filter');
      result = await server.backend.metrics(agentId, {
        ...(filters.fromVersion ? { fromVersion: filters.fromVersion } : {}),
        ...(filters.toVersion ? { toVersion: filters.toVersion } : {}),
        ...(filters.since ? { fromDate: filters.since } : {}),
        ...(filters.until ? { toDate: filters.until } : {}),
      });
    } catch (error) {
      // Bad filters, an unknown version, missing marts: the error shows above the same form.
      result = toAgentverError(error);
    }
    return server.page(
      c,
      {
        title: `${agentId} metrics`,
        heading: agentId,
        agent: { id: agentId, tab: 'metrics' },
        styles: ['report.css'],
        body: metricsPage(agentId, form, result),
      },
      result instanceof AgentverError ? STATUS[result.code] : 200,
    );
  });
}
