import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { Connection } from '../bigquery/connection.js';
import { param, type QueryParams } from '../bigquery/query-parameters.js';
import { type AgentConfig, agentIdSchema } from '../config/agent-config.js';
import { contentHash } from '../config/parse-config.js';
import { AlreadyExistsError } from '../errors/already-exists-error.js';
import { ConflictError } from '../errors/conflict-error.js';
import { NoChangesError } from '../errors/no-changes-error.js';
import { NotFoundError } from '../errors/not-found-error.js';
import { ValidationError } from '../errors/validation-error.js';
import { allowedSecretsNote } from '../secrets/allowed-secrets-note.js';
import { assertNoSecrets } from '../secrets/assert-no-secrets.js';
import { AGENT_CONFIGS } from './agent-configs-table.js';
import { appendRow } from './append-writer.js';
import { columnParams } from './column-sql.js';
import { toVersionRecord, type VersionRecord } from './version-record.js';

export interface WriteOptions {
  /** Who made the change: a person or service. */
  author: string;
  /** Why: shown in history, like a commit message. */
  message: string;
  /** Idempotency key: retrying with the same id returns the version the first try made. Random when omitted. */
  requestId?: string;
  /**
   * Field paths (as secret findings name them, e.g. `extra.alerts_webhook`) allowed to hold a
   * credential. Every other field is scanned and a credential refused (SecretFoundError, exit 2);
   * an allowed one is recorded in the change message.
   */
  allowSecrets?: readonly string[];
}

export interface WriteRequest extends WriteOptions {
  agentId: string;
  /** The version the caller based the write on; 0 creates the agent; null takes whatever is latest. */
  expectedVersion: number | null;
  /** The new config (an edit or a create). */
  config?: AgentConfig;
  /** Copy this version's config instead (a rollback). */
  rollbackTo?: number;
  /** Record a version even when its config equals the latest one. */
  allowUnchanged?: boolean;
}

export interface WriteResult {
  record: VersionRecord;
  /** True when this request id had already written the version (a retry): nothing new was written. */
  replayed: boolean;
}

/** The rules of the provenance every append-only write carries (versions and releases alike). */
export const authorSchema = z.string().trim().min(1, 'must not be empty').max(320, 'must be at most 320 characters');
export const changeMessageSchema = z.string().trim().min(1, 'must not be empty (say why)').max(10_000, 'must be at most 10000 characters');
export const requestIdSchema = z.string().min(1).max(200, 'must be at most 200 characters');

const writeOptionsSchema = z.object({
  agentId: agentIdSchema,
  author: authorSchema,
  message: changeMessageSchema,
  requestId: requestIdSchema.optional(),
  expectedVersion: z.number().int('must be an integer').min(0, 'must be >= 0').nullable(),
  rollbackTo: z.number().int('must be an integer').min(1, 'must be >= 1').optional(),
});

function configParams(config: AgentConfig | undefined): QueryParams {
  return Object.assign(
    { content_hash: param.string(config ? contentHash(config) : null) },
    ...AGENT_CONFIGS.payload.map((column) => columnParams(column, config?.[column.name as keyof AgentConfig])),
  );
}

/**
 * Runs sql/write_version.sql: one BigQuery job that appends version N+1 and clears N's
 * is_latest in one MERGE, guarded by the expected version, and states the outcome.
 * Throws ConflictError, NoChangesError, NotFoundError or AlreadyExistsError when it wrote nothing.
 */
export async function writeVersion(connection: Connection, request: WriteRequest): Promise<WriteResult> {
  const checked = writeOptionsSchema.safeParse(request);
  if (!checked.success) throw ValidationError.fromZod(checked.error, 'request');
  if ((request.config === undefined) === (request.rollbackTo === undefined)) {
    throw new TypeError('writeVersion needs exactly one of config and rollbackTo');
  }
  const requestId = request.requestId ?? randomUUID();
  const { agentId, expectedVersion, rollbackTo } = request;
  // A rollback copies a version that was scanned when it was written; every new config is scanned.
  const allowed = request.config ? await assertNoSecrets(request.config, { allow: request.allowSecrets ?? [] }) : [];
  const note = allowedSecretsNote(allowed);
  const { outcome, mine, latest } = await appendRow(connection, AGENT_CONFIGS, {
    key: { agent_id: agentId },
    expected: expectedVersion,
    ...(rollbackTo !== undefined ? { copyOf: rollbackTo } : {}),
    requestId,
    allowUnchanged: request.allowUnchanged ?? false,
    author: request.author.trim(),
    message: note ? `${request.message.trim()} [${note}]` : request.message.trim(),
    payload: configParams(request.config),
  });
  const current = latest && toVersionRecord(latest);
  switch (outcome) {
    case 'written':
    case 'replayed': {
      const record = toVersionRecord(mine as Record<string, unknown>);
      const sameChange =
        (record.rollbackTo ?? undefined) === rollbackTo && (!request.config || contentHash(request.config) === record.contentHash);
      if (outcome === 'replayed' && !sameChange) throw reusedRequestId(requestId, record);
      return { record, replayed: outcome === 'replayed' };
    }
    case 'already_exists':
      throw new AlreadyExistsError(agentId, current?.version ?? 0);
    case 'no_changes':
      throw new NoChangesError(agentId, current?.version ?? 0);
    case 'conflict':
      if (!current || expectedVersion === null) throw new Error(`writeVersion: ${agentId} kept changing; nothing was written`);
      throw new ConflictError(agentId, expectedVersion, current);
    case 'not_found':
      throw new NotFoundError({ agentId, ...(current ? { version: rollbackTo as number, latestVersion: current.version } : {}) });
  }
}

// An idempotency key names one change: the same key with a different change is a caller's bug,
// not a retry, and must not silently return the other change's version.
function reusedRequestId(requestId: string, record: VersionRecord): ValidationError {
  return new ValidationError(
    [{ field: 'requestId', rule: `"${requestId}" already made ${record.agentVersionId} with a different change; use a new request id` }],
    'request',
  );
}
