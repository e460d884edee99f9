import { z } from 'zod';
import { agentIdSchema } from '../config/agent-config.js';
import { contentHash, parseConfig } from '../config/parse-config.js';
import { ValidationError } from '../errors/validation-error.js';
import { applyRequestId } from './apply-request-id.js';
import type { Plan } from './plan-configs.js';

const planFileSchema = z.object({
  agents: z.array(
    z.object({
      agent_id: agentIdSchema,
      action: z.enum(['create', 'update', 'unchanged', 'not_in_files']),
      base_version: z.number().int().min(1).nullable(),
      file: z.string().nullable(),
      changes: z.array(z.unknown()),
      changed_fields: z.array(z.string()),
      config: z.unknown().optional(),
      content_hash: z.string().optional(),
      request_id: z.string().optional(),
    }),
  ),
  summary: z.record(z.string(), z.number()),
});

/**
 * A plan saved with `agentver plan --format json`, checked before it is applied: each config is
 * validated again and must hash to the plan's content hash and request id, so an edited plan
 * file is refused rather than written.
 */
export function readPlanFile(document: unknown, source: string): Plan {
  const parsed = planFileSchema.safeParse(document);
  if (!parsed.success) throw ValidationError.fromZod(parsed.error, source, [source]);
  for (const [index, agent] of parsed.data.agents.entries()) {
    if (agent.action !== 'create' && agent.action !== 'update') continue;
    const config = parseConfig(agent.config);
    const hash = contentHash(config);
    if (hash !== agent.content_hash || applyRequestId(agent.agent_id, agent.base_version, hash) !== agent.request_id) {
      throw new ValidationError(
        [
          {
            field: `${source}.agents[${index}]`,
            rule: `${agent.agent_id}'s config does not match its content hash: the plan file was edited; run agentver plan again`,
          },
        ],
        'plan',
      );
    }
    agent.config = config;
  }
  return parsed.data as unknown as Plan;
}
