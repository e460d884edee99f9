import { z } from 'zod';
import { ValidationError } from '../errors/validation-error.js';
import { NOTIFICATION_EVENTS, type NotificationEventKind, PAYLOAD_FORMATS, type PayloadFormat } from './webhook-record.js';

/** What `addWebhook` needs: where to POST, which environment variable holds the secret, the body's shape and the events. */
export interface WebhookInput {
  url: string;
  /** The NAME of the environment variable holding the signing secret, e.g. AGENTVER_WEBHOOK_SECRET. */
  secretEnv: string;
  /** Default json. */
  payloadFormat?: PayloadFormat;
  /** Default: every event (label_move, watch_decision). */
  events?: readonly NotificationEventKind[];
}

/** Hosts a webhook may reach over plain http: this machine only (a receiver in a test, a local relay). */
const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

export const ENV_NAME_RULE =
  'must be an environment variable name: letters, digits and _, not starting with a digit (e.g. AGENTVER_WEBHOOK_SECRET)';

const urlSchema = z
  .string()
  .max(2048, 'must be at most 2048 characters')
  .superRefine((text, ctx) => {
    let url: URL;
    try {
      url = new URL(text);
    } catch {
      ctx.addIssue({
        code: 'custom',
        message: `must be an absolute URL like https://hooks.example.com/agentver, got ${JSON.stringify(text)}`,
      });
      return;
    }
    if (url.protocol !== 'https:' && !(url.protocol === 'http:' && LOOPBACK.has(url.hostname))) {
      ctx.addIssue({
        code: 'custom',
        message: `must use https (http only to 127.0.0.1, localhost or [::1]), got ${url.protocol}//${url.host}`,
      });
    }
    if (url.username || url.password) {
      ctx.addIssue({ code: 'custom', message: 'must not hold a user or password: the URL is stored in BigQuery' });
    }
  });

const webhookInputSchema = z.object({
  url: urlSchema,
  secretEnv: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]{0,127}$/, ENV_NAME_RULE),
  payloadFormat: z.enum(PAYLOAD_FORMATS, { message: `must be ${PAYLOAD_FORMATS.join(' or ')}` }).default('json'),
  events: z
    .array(z.enum(NOTIFICATION_EVENTS, { message: `must be ${NOTIFICATION_EVENTS.join(' or ')}` }))
    .min(1, `must name at least one of ${NOTIFICATION_EVENTS.join(', ')}`)
    .refine((events) => new Set(events).size === events.length, 'must not repeat an event')
    .default([...NOTIFICATION_EVENTS]),
});

/**
 * Checks a webhook before anything is written: an https URL (http only to this machine) without
 * credentials, an environment variable name for the secret, a payload format and a non-empty set
 * of events. Refusals are a ValidationError naming each field (url, secretEnv, payloadFormat, events[i]).
 * @example
 * checkWebhookInput({ url: 'http://hooks.example.com', secretEnv: 'S' });
 * // ValidationError: invalid webhook: url: must use https (http only to 127.0.0.1, localhost or [::1]), got http://hooks.example.com
 */
export function checkWebhookInput(input: WebhookInput): Required<WebhookInput> & { events: NotificationEventKind[] } {
  const checked = webhookInputSchema.safeParse(input);
  if (!checked.success) throw ValidationError.fromZod(checked.error, 'webhook');
  return checked.data;
}
