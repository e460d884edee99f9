import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { userInfo } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import { type Connection, connect } from '../bigquery/connection.js';
import { datasetIdSchema, projectIdSchema } from '../bigquery/identifiers.js';
import { resolveTarget } from '../bigquery/resolve-target.js';
import { checkEmulatorHost } from '../emulator/check-emulator-host.js';
import { resolveEmulatorBinary } from '../emulator/emulator-binary.js';
import { ValidationError } from '../errors/validation-error.js';
import { AGENTVER_TABLES, initStore } from '../store/init-store.js';
import { loadSql } from '../store/load-sql.js';
import { prepareDataDir } from './data-dir-lock.js';
import { attachEmbeddedServer } from './embedded-server.js';
import type { CliIo } from './io.js';
import { optionError } from './option-error.js';
import { processLabel } from './process-label.js';

export type OutputFormat = 'table' | 'json' | 'markdown' | 'html' | 'yaml';

export const globalOptionsSchema = z.object({
  project: projectIdSchema.optional(),
  dataset: datasetIdSchema.default('agentver'),
  location: z.string().min(1).optional(),
  format: z
    .enum(['table', 'json', 'markdown', 'html', 'yaml'], { message: 'must be table, json, markdown, html or yaml' })
    .default('table'),
  emulatorHost: z.string().url('must be a URL like http://localhost:9050').optional(),
  dataDir: z.string().min(1).optional(),
  embedded: z.boolean().optional(),
  author: z.string().min(1).max(320).optional(),
  modelsDataset: datasetIdSchema.optional(),
});
export type GlobalOptions = z.output<typeof globalOptionsSchema>;

/** How this run reaches BigQuery, for messages and `--format json`. */
export type Backend =
  | { kind: 'bigquery'; projectId: string }
  | { kind: 'emulator'; host: string }
  | { kind: 'embedded'; host: string; databasePath: string };

export interface CommandContext {
  io: CliIo;
  options: GlobalOptions;
  format: OutputFormat;
  /** Opens (once) the connection; in embedded mode this starts the local emulator. */
  connection(): Promise<Connection>;
  /** The dataset of the Dataform models (default: <dataset>_models), on the same backend. */
  modelsConnection(): Promise<Connection>;
  backend(): Backend | undefined;
  author(): string;
  close(): Promise<void>;
}

export function parseGlobalOptions(raw: Record<string, unknown>): GlobalOptions {
  const result = globalOptionsSchema.safeParse(raw);
  if (!result.success) throw optionError(result.error);
  return result.data;
}

function gitAuthor(cwd: string): string | undefined {
  try {
    return (
      execFileSync('git', ['config', 'user.email'], { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim() || undefined
    );
  } catch {
    return undefined;
  }
}

/** How long the embedded emulator keeps serving after its last command: AGENTVER_EMULATOR_IDLE_SECONDS, default 30. */
function embeddedIdleMs(env: NodeJS.ProcessEnv): number {
  const raw = env.AGENTVER_EMULATOR_IDLE_SECONDS;
  if (raw === undefined || raw === '') return 30_000;
  const seconds = Number(raw);
  if (!/^\d+(\.\d+)?$/.test(raw.trim()) || seconds > 86_400) {
    throw new ValidationError(
      [{ field: 'AGENTVER_EMULATOR_IDLE_SECONDS', rule: `must be a number of seconds, 0..86400, got "${raw}"` }],
      'environment',
    );
  }
  return Math.round(seconds * 1000);
}

/**
 * Names a store's tables as this agentver version declares them: a server that made a store
 * ready skips the check for the same key, and a different version (another schema) checks again.
 */
function storeKey(datasetId: string): string {
  const hash = createHash('sha256').update(datasetId);
  for (const table of AGENTVER_TABLES) hash.update(loadSql(`${table}.sql`));
  return `${datasetId}:${hash.digest('hex').slice(0, 16)}`;
}

/** The context a command runs in: the backend is chosen by `resolveTarget` and opened on first use. */
export function createContext(io: CliIo, options: GlobalOptions): CommandContext {
  const env = io.env;
  let release: (() => void) | undefined;
  let opened: Promise<Connection> | undefined;
  let backend: Backend | undefined;

  async function open(): Promise<Connection> {
    const choice = resolveTarget(options, env, io.cwd);
    if (choice.kind === 'emulator') {
      await checkEmulatorHost(choice.host, choice.projectId, choice.from);
      backend = { kind: 'emulator', host: choice.host };
      return connect({ projectId: choice.projectId, datasetId: options.dataset, location: choice.location, emulatorHost: choice.host });
    }
    if (choice.kind === 'bigquery') {
      backend = { kind: 'bigquery', projectId: choice.projectId };
      return connect({ projectId: choice.projectId, datasetId: options.dataset, location: choice.location });
    }
    prepareDataDir(choice.dataDir, choice.dataDirFrom === 'default' ? '--data-dir' : choice.dataDirFrom);
    const idleMs = embeddedIdleMs(env);
    // Before the lock: a first-use build takes minutes and must not hold the data folder.
    const binary = await resolveEmulatorBinary({ env, log: io.stderr });
    const store = (host: string) => connect({ projectId: 'local', datasetId: options.dataset, emulatorHost: host });
    // The folder's emulator is shared by every agentver process on it (the page and commands at
    // once): this one attaches to it, or starts it, see docs/concurrency.md.
    const attachment = await attachEmbeddedServer({
      dataDir: choice.dataDir,
      binary: binary.path,
      command: processLabel(),
      idleMs,
      // Embedded mode is a working tool out of the box: its tables are made on first use.
      ready: { key: storeKey(options.dataset), prepare: async (host) => void (await initStore(store(host), AGENTVER_TABLES)) },
    });
    release = attachment.release;
    backend = { kind: 'embedded', host: attachment.host, databasePath: join(choice.dataDir, 'emulator.db') };
    return store(attachment.host);
  }

  const connection = () => {
    opened ??= open();
    return opened;
  };

  return {
    io,
    options,
    format: options.format,
    connection,
    modelsConnection: async () => {
      const raw = await connection();
      const datasetId = options.modelsDataset ?? `${raw.datasetId}_models`;
      return connect({ projectId: raw.projectId, datasetId, location: raw.location, emulatorHost: raw.emulatorHost });
    },
    backend: () => backend,
    // In CI, the identity the CI vouches for (GitHub Actions: the actor) before the checkout's git config.
    author: () => options.author ?? env.AGENTVER_AUTHOR ?? env.GITHUB_ACTOR ?? gitAuthor(io.cwd) ?? env.USER ?? userInfo().username,
    close: async () => {
      release?.();
    },
  };
}
