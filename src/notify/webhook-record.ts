import { NOTIFICATION_WEBHOOKS } from './notification-webhooks-table.js';

/** The events a webhook can be sent; `test` is only sent by `agentver notify test`. */
export const NOTIFICATION_EVENTS = ['label_move', 'watch_decision'] as const;
export type NotificationEventKind = (typeof NOTIFICATION_EVENTS)[number];

/** How the body is shaped: Slack-compatible text, or the event as JSON. */
export const PAYLOAD_FORMATS = ['json', 'slack'] as const;
export type PayloadFormat = (typeof PAYLOAD_FORMATS)[number];

/** One row of notification_webhooks. */
export interface Webhook {
  webhookId: string;
  url: string;
  /** The name of the environment variable holding the signing secret. */
  secretEnv: string;
  payloadFormat: PayloadFormat;
  events: NotificationEventKind[];
  createdBy: string;
  sessionUser: string | null;
  /** ISO-8601. */
  createdAt: string;
  /** null while the webhook is active. */
  removedAt: string | null;
  removedBy: string | null;
}

/** The columns a Webhook is read from (runQuery gives timestamps as ISO-8601 text). */
export const WEBHOOK_COLUMNS = NOTIFICATION_WEBHOOKS.columns.map((column) => column.name).join(', ');

export function toWebhook(row: Record<string, unknown>): Webhook {
  return {
    webhookId: row.webhook_id as string,
    url: row.url as string,
    secretEnv: row.secret_env as string,
    payloadFormat: row.payload_format as PayloadFormat,
    events: ((row.events as string[] | null) ?? []) as NotificationEventKind[],
    createdBy: row.created_by as string,
    sessionUser: (row.session_user as string | null) ?? null,
    createdAt: row.created_at as string,
    removedAt: (row.removed_at as string | null) ?? null,
    removedBy: (row.removed_by as string | null) ?? null,
  };
}
