import type { Command } from 'commander';
import { ValidationError } from '../../errors/validation-error.js';
import { addWebhook } from '../../notify/add-webhook.js';
import { checkWebhookId } from '../../notify/check-webhook-id.js';
import { checkWebhookInput } from '../../notify/check-webhook-input.js';
import type { DeliveryRecord } from '../../notify/delivery-record.js';
import { listWebhooks } from '../../notify/list-webhooks.js';
import { configureNotifications } from '../../notify/notification-settings.js';
import { removeWebhook } from '../../notify/remove-webhook.js';
import { testWebhook } from '../../notify/test-webhook.js';
import { NOTIFICATION_EVENTS, type NotificationEventKind, type PayloadFormat, type Webhook } from '../../notify/webhook-record.js';
import { formatMarkdownTable, formatTable } from '../../report/render/format-table.js';
import { ExitStatus } from '../exit-status.js';
import type { CliIo } from '../io.js';
import { output } from '../output.js';
import { runCommand } from '../run-command.js';

/** The library's field names as the user typed them. */
const FLAG: Record<string, string> = { url: '<url>', secretEnv: '--secret-env', payloadFormat: '--payload', events: '--events' };

const HEADERS = ['webhook', 'url', 'payload', 'events', 'secret_env', 'created_by', 'created_at'];
const row = (w: Webhook, secretHere: boolean) => [
  w.webhookId,
  w.url,
  w.payloadFormat,
  w.events.join(','),
  `${w.secretEnv}${secretHere ? '' : ' (not set here)'}`,
  w.createdBy,
  w.createdAt,
];

function describeDelivery(d: DeliveryRecord, url: string): string {
  const tries = d.attempts === 1 ? '1 attempt' : `${d.attempts} attempts`;
  return d.delivered
    ? `delivered to ${url}: HTTP ${d.httpStatus} after ${tries} (delivery ${d.deliveryId})`
    : `NOT delivered to ${url} after ${tries}: ${d.error} (delivery ${d.deliveryId}, recorded in notification_deliveries)`;
}

export function registerNotify(program: Command, io: CliIo): void {
  // Every command's notifications (a label move, a watch) read their secrets from this command's
  // environment and warn on its stderr.
  let restore: (() => void) | undefined;
  program.hook('preAction', () => {
    restore?.();
    restore = configureNotifications({ env: io.env, warn: (line) => io.stderr(line) });
  });
  program.hook('postAction', () => {
    restore?.();
    restore = undefined;
  });

  const notify = program
    .command('notify')
    .description('Send every label move, and every watch decision that needs a person, to webhooks (Slack text or JSON), signed.')
    .addHelpText(
      'after',
      [
        '',
        'Webhooks are kept in the dataset (notification_webhooks, made by agentver init), so every path',
        'that moves a label notifies: the CLI, the web page, watch --apply and the library. Each POST is',
        'signed: X-Agentver-Signature: sha256=HMAC-SHA256(secret, "<X-Agentver-Timestamp>.<body>") in hex.',
        'The secret is read from the environment variable named by --secret-env in the process that',
        'sends; only its name is stored. Network errors, 5xx and 429 are retried for up to 10 s; a',
        'failed delivery is a warning on stderr and a notification_deliveries row, never a failed move.',
        'How to verify a signature: docs/notifications.md.',
        '',
        'Examples:',
        '  export AGENTVER_WEBHOOK_SECRET=$(openssl rand -hex 32)',
        '  agentver notify add https://hooks.example.com/agentver --secret-env AGENTVER_WEBHOOK_SECRET',
        '  agentver notify add https://hooks.slack.com/services/T0/B0/X --secret-env AGENTVER_WEBHOOK_SECRET --payload slack --events watch_decision',
        '  agentver notify list',
        '  agentver notify test wh_1a2b3c4d',
        '  agentver notify remove wh_1a2b3c4d',
      ].join('\n'),
    );

  notify
    .command('add')
    .description('Add a webhook: label moves and watch decisions are POSTed to it from now on.')
    .argument('<url>', 'where to POST: https (http only to 127.0.0.1, localhost or [::1])')
    .requiredOption('--secret-env <name>', 'the environment variable holding the signing secret (its name is stored, never its value)')
    .option('--payload <format>', 'slack ({"text": …}) or json (the event as JSON) (default: json)')
    .option('--events <list>', `comma-separated: ${NOTIFICATION_EVENTS.join(', ')} (default: both)`)
    .addHelpText(
      'after',
      [
        '',
        'label_move: every release, canary, promote and rollback --label (agent, label, from → to, who, why).',
        'watch_decision: a promote, rollback or advance not applied, inconclusive, srm or misassigned, with the evidence.',
        '--payload picks the body the webhook gets; --format, as for every command, how this one prints.',
        'Bad input exits 2 and writes nothing.',
        '',
        'Examples:',
        '  agentver notify add https://hooks.example.com/agentver --secret-env AGENTVER_WEBHOOK_SECRET',
        '  agentver notify add https://hooks.slack.com/services/T0/B0/X --secret-env AGENTVER_WEBHOOK_SECRET --payload slack',
      ].join('\n'),
    )
    .action(async (url: string, flags: { secretEnv: string; payload?: string; events?: string }, command: Command) => {
      await runCommand(io, command, async (context) => {
        let input: ReturnType<typeof checkWebhookInput>;
        try {
          input = checkWebhookInput({
            url,
            secretEnv: flags.secretEnv,
            ...(flags.payload !== undefined ? { payloadFormat: flags.payload as PayloadFormat } : {}),
            ...(flags.events !== undefined ? { events: flags.events.split(',').map((e) => e.trim()) as NotificationEventKind[] } : {}),
          });
        } catch (error) {
          if (!(error instanceof ValidationError)) throw error;
          const problems = error.problems.map((p) => ({ ...p, field: FLAG[p.field.replace(/\[\d+\]$/, '')] ?? p.field }));
          throw new ValidationError(problems, 'option');
        }
        const webhook = await addWebhook(await context.connection(), { ...input, author: context.author() });
        const secretHere = Boolean(io.env[webhook.secretEnv]);
        output(context, webhook, {
          table: () =>
            [
              `webhook ${webhook.webhookId} added: ${webhook.url}`,
              `  payload ${webhook.payloadFormat}, events ${webhook.events.join(', ')}, signed with $${webhook.secretEnv}`,
              `  check it: agentver notify test ${webhook.webhookId}`,
            ].join('\n'),
        });
        if (!secretHere) {
          io.stderr(
            `warning: ${webhook.secretEnv} is not set here; every process that moves labels or runs watch needs it, or its notifications are not sent`,
          );
        }
      });
    });

  notify
    .command('list')
    .description("List the dataset's webhooks (active ones; --all: removed ones too).")
    .option('--all', 'also the removed webhooks')
    .addHelpText('after', '\nExamples:\n  agentver notify list\n  agentver notify list --all --format json')
    .action(async (flags: { all?: boolean }, command: Command) => {
      await runCommand(io, command, async (context) => {
        const webhooks = await listWebhooks(await context.connection(), { includeRemoved: Boolean(flags.all) });
        const data = webhooks.map((w) => ({ ...w, secretSetHere: Boolean(io.env[w.secretEnv]) }));
        const headers = flags.all ? [...HEADERS, 'removed_at'] : HEADERS;
        const rows = data.map((w) => [...row(w, w.secretSetHere), ...(flags.all ? [w.removedAt] : [])]);
        output(context, data, {
          table: () => (rows.length ? formatTable(headers, rows) : 'No webhooks: add one with agentver notify add <url> --secret-env NAME'),
          markdown: () => formatMarkdownTable(headers, rows),
        });
      });
    });

  notify
    .command('remove')
    .description('Stop notifying a webhook (its row and its deliveries stay).')
    .argument('<id>', 'the webhook, e.g. wh_1a2b3c4d (agentver notify list)')
    .addHelpText('after', '\nAn unknown id exits 1; one already removed changes nothing.\n\nExample:\n  agentver notify remove wh_1a2b3c4d')
    .action(async (id: string, _flags: unknown, command: Command) => {
      await runCommand(io, command, async (context) => {
        checkWebhookId(id, '<id>');
        const result = await removeWebhook(await context.connection(), id, { author: context.author() });
        const { webhook } = result;
        output(context, result, {
          table: () =>
            result.removed
              ? `webhook ${webhook.webhookId} removed: no more notifications to ${webhook.url}`
              : `webhook ${webhook.webhookId} was already removed at ${webhook.removedAt} by ${webhook.removedBy}: nothing changed`,
        });
      });
    });

  notify
    .command('test')
    .description('Send a signed test notification to a webhook now, with the same retries; exit 1 if it was not delivered.')
    .argument('<id>', 'the webhook, e.g. wh_1a2b3c4d (agentver notify list)')
    .addHelpText(
      'after',
      '\nThe body is {"event": "test", …} (or Slack text); the outcome is a notification_deliveries row.\n\nExample:\n  agentver notify test wh_1a2b3c4d --format json',
    )
    .action(async (id: string, _flags: unknown, command: Command) => {
      await runCommand(io, command, async (context) => {
        checkWebhookId(id, '<id>');
        const { webhook, delivery } = await testWebhook(await context.connection(), id, { author: context.author() });
        output(context, delivery, { table: () => describeDelivery(delivery, webhook.url) });
        if (!delivery.delivered) throw new ExitStatus(1);
      });
    });
}
