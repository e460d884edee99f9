import { z } from 'zod';
import { AgentverError, toAgentverError } from '../backend.js';
import { dayField, parseInput, versionField } from '../parse-input.js';
import { agentParam, STATUS, type UiServer } from '../ui-server.js';
import { metricsPage } from './metrics-page.js';

/** The report of an agent's versions, with filters that stay usable when it fails. */
export function registerMetricsRoutes(server: UiServer): void {
  server.app.get('/agents/:id/metrics', async (c) => {
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
      result = await server.backend.metrics(agentId, {
        ...(filters.fromVersion ? { fromVersion: filters.fromVersion } : {}),
        ...(filters.toVersion ? { toVersion: filters.toVersion } : {}),
        ...(filters.since ? { fromDate: filters.since } : {}),
        ...(filters.until ? { toDate: filters.until } : {}),
      });
    } catch (error) {
      // The filters stay usable when the marts are missing or a range is empty.
      result = toAgentverError(error);
    }
    return server.page(
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
}
