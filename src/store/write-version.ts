import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { Connection } from '../bigquery/connection.js';
import { param } from '../bigquery/query-parameters.js';
import { runQuery } from '../bigquery/run-query.js';
import { type AgentConfig, agentIdSchema } from '../config/agent-config.js';
import { contentHash } from '../config/parse-config.js';
import { AlreadyExistsError } from '../errors/already-exists-error.js';
import { ConflictError } from '../errors/conflict-error.js';
import { NoChangesError } from '../errors/no-changes-error.js';
import { NotFoundError } from '../errors/not-found-error.js';
import { ValidationError } from '../errors/validation-error.js';
import { loadSql } from './load-sql.js';
import { toVersionRecord, type VersionRecord } from './version-record.js';

export interface WriteOptions {
  /** Who made the change: a person or service. */
  author: string;
  /** Why: shown in history, like a commit message. */
  message: string;
  /** Idempotency key: retrying with the same id returns the version the first try made. Random when omitted. */
  requestId?: string;
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

const writeOptionsSchema = z.object({
  agentId: agentIdSchema,
  author: z.string().trim().min(1, 'must not be empty').max(320, 'must be at most 320 characters'),
  message: z.string().trim().min(1, 'must not be empty (say why)').max(10_000, 'must be at most 10000 characters'),
  requestId: z.string().min(1).max(200, 'must be at most 200 characters').optional(),
  expectedVersion: z.number().int('must be an integer').min(0, 'must be >= 0').nullable(),
  rollbackTo: z.number().int('must be an integer').min(1, 'must be >= 1').optional(),
});

// A write whose expected version is "whatever is latest" can lose a race without being wrong;
// it then simply runs again against the new latest version.
const MAX_ATTEMPTS = 5;

function isSerializationFailure(error: unknown): boolean {
  return error instanceof Error && /could not serialize access|concurrent update/i.test(error.message);
}

function configParams(config: AgentConfig | undefined) {
  return {
    name: param.string(config?.name ?? null),
    description: param.string(config?.description ?? null),
    system_prompt: param.string(config?.system_prompt ?? null),
    temperature: param.float64(config?.temperature ?? null),
    max_tokens: param.int64(config?.max_tokens ?? null),
    top_p: param.float64(config?.top_p ?? null),
    model: param.string(config?.model ?? null),
    tools: param.stringArray(config?.tools ?? []),
    mcp_server_names: param.stringArray(config?.mcp_servers.map((server) => server.name) ?? []),
    mcp_server_urls: param.stringArray(config?.mcp_servers.map((server) => server.url) ?? []),
    max_cost_usd_per_task: param.float64(config?.budgets.max_cost_usd_per_task ?? null),
    max_llm_calls_per_task: param.int64(config?.budgets.max_llm_calls_per_task ?? null),
    max_tokens_per_task: param.int64(config?.budgets.max_tokens_per_task ?? null),
    policy_overrides: param.json(config?.policy_overrides ?? null),
    extra: param.json(config?.extra ?? null),
    content_hash: param.string(config ? contentHash(config) : null),
  };
}

/**
 * Runs sql/write_version.sql: one BigQuery job that appends version N+1 and clears N's
 * is_latest in one MERGE, guarded by the expected version, and reads the outcome back.
 * Throws ConflictError, NoChangesError, NotFoundError or AlreadyExistsError when it wrote nothing.
 */
export async function writeVersion(connection: Connection, request: WriteRequest): Promise<WriteResult> {
  const checked = writeOptionsSchema.safeParse(request);
  if (!checked.success) throw ValidationError.fromZod(checked.error, 'request');
  if ((request.config === undefined) === (request.rollbackTo === undefined)) {
    throw new TypeError('writeVersion needs exactly one of config and rollbackTo');
  }
  const requestId = request.requestId ?? randomUUID();
  const params = {
    agent_id: param.string(request.agentId),
    expected_version: param.int64(request.expectedVersion),
    rollback_to: param.int64(request.rollbackTo ?? null),
    request_id: param.string(requestId),
    allow_unchanged: param.bool(request.allowUnchanged ?? false),
    author: param.string(request.author.trim()),
    change_message: param.string(request.message.trim()),
    ...configParams(request.config),
  };

  for (let attempt = 1; ; attempt++) {
    let rows: Record<string, unknown>[];
    try {
      ({ rows } = await runQuery(connection, loadSql('write_version.sql'), params));
    } catch (error) {
      // Real BigQuery aborts one of two concurrent MERGEs after its own retries; running the whole
      // script again is safe, since the request id makes it write at most once.
      if (isSerializationFailure(error) && attempt < MAX_ATTEMPTS) continue;
      throw error;
    }
    const mine = rows.find((row) => row.is_this_request === true);
    if (mine) {
      const record = toVersionRecord(mine);
      const replayed = mine.was_planned !== true;
      const sameChange =
        (record.rollbackTo ?? undefined) === request.rollbackTo && (!request.config || contentHash(request.config) === record.contentHash);
      if (replayed && !sameChange) throw reusedRequestId(requestId, record);
      return { record, replayed };
    }
    const latest = rows[0];
    const outcome = explainNothingWritten(request, latest && toVersionRecord(latest), latest?.rollback_target_hash as string | undefined);
    if (outcome === 'retry' && attempt < MAX_ATTEMPTS) continue;
    if (outcome === 'retry') throw new Error(`writeVersion: ${request.agentId} kept changing under ${MAX_ATTEMPTS} attempts`);
    throw outcome;
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

function explainNothingWritten(
  request: WriteRequest,
  latest: VersionRecord | undefined,
  rollbackTargetHash: string | undefined,
): Error | 'retry' {
  const { agentId, expectedVersion, rollbackTo } = request;
  if (!latest || latest.version === 0) {
    return new NotFoundError(
      `agent ${agentId} does not exist`,
      { agentId },
      `Create it with agentver create ${agentId} --file config.yaml`,
    );
  }
  if (expectedVersion === 0) return new AlreadyExistsError(agentId, latest.version);
  if (expectedVersion !== null && latest.version !== expectedVersion) {
    return new ConflictError(agentId, expectedVersion, latest);
  }
  if (rollbackTo !== undefined && rollbackTo > latest.version) {
    return new NotFoundError(`${agentId} has no version ${rollbackTo} (latest is ${latest.version})`, { agentId, version: rollbackTo });
  }
  const newHash = request.config ? contentHash(request.config) : rollbackTargetHash;
  if (!request.allowUnchanged && newHash === latest.contentHash) {
    return new NoChangesError(agentId, latest.version);
  }
  return 'retry';
}
