import { spawn } from 'node:child_process';
import type { Command } from 'commander';
import { z } from 'zod';
import { ValidationError } from '../../errors/validation-error.js';
import { configureNotifications } from '../../notify/notification-settings.js';
import { createBackend } from '../../ui/backend.js';
import type { AuthMode } from '../../ui/create-app.js';
import { assertSafeBind } from '../../ui/security/assert-safe-bind.js';
import { startUiServer } from '../../ui/start-ui-server.js';
import type { Backend } from '../context.js';
import type { CliIo } from '../io.js';
import { optionError } from '../option-error.js';
import { integerOption, runCommand } from '../run-command.js';

const uiOptionsSchema = z.object({
  port: z.number().int().min(0).max(65_535, 'must be a port number, 0..65535').default(4141),
  host: z.string().min(1).default('127.0.0.1'),
  open: z.boolean().optional(),
  authToken: z.string().min(16, 'must be at least 16 characters (try: openssl rand -hex 32)').optional(),
  trustIap: z.boolean().optional(),
  iapAudience: z
    .string()
    .regex(
      // A load balancer's backend service, an App Engine app, or a Cloud Run service with IAP enabled on it.
      /^\/projects\/\d+\/(global\/backendServices\/\d+|apps\/[a-z][a-z0-9-]+|locations\/[a-z0-9-]+\/services\/[a-z0-9-]+)$/,
      'must be /projects/NUMBER/global/backendServices/ID, /projects/NUMBER/apps/PROJECT_ID or /projects/NUMBER/locations/REGION/services/SERVICE',
    )
    .optional(),
});

function authMode(options: z.output<typeof uiOptionsSchema>): AuthMode {
  if (options.trustIap && options.authToken)
    throw new ValidationError([{ field: '--trust-iap', rule: 'and --auth-token are two auth modes: pick one' }], 'option');
  if (options.trustIap) {
    if (!options.iapAudience)
      throw new ValidationError([{ field: '--iap-audience', rule: 'is required with --trust-iap (the signed header names it)' }], 'option');
    return { kind: 'iap', audience: options.iapAudience };
  }
  if (options.iapAudience) throw new ValidationError([{ field: '--iap-audience', rule: 'only applies with --trust-iap' }], 'option');
  return options.authToken ? { kind: 'token', token: options.authToken } : { kind: 'none' };
}

function describeBackend(backend: Backend | undefined, dataset: string): string {
  switch (backend?.kind) {
    case 'bigquery':
      return `project ${backend.projectId}, dataset ${dataset}`;
    case 'emulator':
      return `emulator ${backend.host}, dataset ${dataset}`;
    case 'embedded':
      return `embedded emulator (${backend.databasePath}), dataset ${dataset}`;
    default:
      return `dataset ${dataset}`;
  }
}

function openBrowser(url: string, io: CliIo): void {
  const [command, args] =
    process.platform === 'darwin'
      ? ['open', [url]]
      : process.platform === 'win32'
        ? ['cmd', ['/c', 'start', '', url]]
        : ['xdg-open', [url]];
  const child = spawn(command, args, { stdio: 'ignore', detached: true });
  child.once('error', () => io.stderr(`could not open a browser; open ${url}`));
  child.unref();
}

const untilStopped = () =>
  new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });

export function registerUi(program: Command, io: CliIo): void {
  program
    .command('ui')
    .description('Serve the web page: agents, history, diffs, blame, metrics and one-click rollback.')
    .option('--port <n>', 'port (default: 4141; 0 picks a free one)', integerOption('--port', 0))
    .option('--host <address>', 'address to bind (default: 127.0.0.1; any other needs an auth mode)')
    .option('--open', 'open the page in the default browser')
    .option('--auth-token <token>', 'require this bearer token (default: AGENTVER_UI_TOKEN)')
    .option('--trust-iap', "sign users in with Cloud IAP's signed header (Cloud Run behind IAP)")
    .option('--iap-audience <aud>', "the signed header's audience, e.g. /projects/NUMBER/locations/REGION/services/SERVICE")
    .addHelpText(
      'after',
      [
        '',
        'Writes are by --author (or AGENTVER_AUTHOR, git user.email, $USER); behind IAP, by the signed-in email.',
        'Stops on Ctrl-C. In embedded mode the page and other commands on the same data folder share one',
        'background emulator, so `agentver labels`, `rollback --label` and the rest answer while it runs.',
        '',
        'Examples:',
        '  agentver ui --open',
        '  AGENTVER_UI_TOKEN=$(openssl rand -hex 32) agentver ui --host 0.0.0.0',
        '  agentver ui --host 0.0.0.0 --port 8080 --trust-iap --iap-audience /projects/123/global/backendServices/456',
      ].join('\n'),
    )
    .action(async (raw: Record<string, unknown>, command: Command) => {
      const parsed = uiOptionsSchema.safeParse({ ...raw, authToken: raw.authToken ?? (io.env.AGENTVER_UI_TOKEN || undefined) });
      if (!parsed.success) throw optionError(parsed.error);
      const auth = authMode(parsed.data);
      assertSafeBind(parsed.data.host, auth);
      await runCommand(io, command, async (context) => {
        // Connect first: a wrong project or a missing emulator fails here, not on the first page.
        const store = await context.connection();
        // A move from the page answers at once; its notifications go out while the page keeps serving.
        configureNotifications({ inBackground: true });
        const server = await startUiServer({
          host: parsed.data.host,
          port: parsed.data.port,
          auth,
          author: context.author(),
          backend: createBackend({ store: async () => store, marts: () => context.modelsConnection() }),
          backendLabel: () => describeBackend(context.backend(), store.datasetId),
        });
        io.stdout(`agentver ui on ${server.url} (${describeBackend(context.backend(), store.datasetId)}); Ctrl-C stops it`);
        if (parsed.data.open) openBrowser(server.url, io);
        await untilStopped();
        await server.close();
      });
    });
}
