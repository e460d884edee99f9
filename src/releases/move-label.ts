import { createHash, randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { Connection } from '../bigquery/connection.js';
import { param, type QueryParams } from '../bigquery/query-parameters.js';
import { runQuery } from '../bigquery/run-query.js';
import { agentIdSchema, type JsonValue } from '../config/agent-config.js';
import { sortKeys } from '../config/parse-config.js';
import { LabelUnchangedError } from '../errors/label-unchanged-error.js';
import { NotFoundError } from '../errors/not-found-error.js';
import { ReleaseConflictError } from '../errors/release-conflict-error.js';
import { ValidationError } from '../errors/validation-error.js';
import { notificationSettings } from '../notify/notification-settings.js';
import { notifyLabelMove } from '../notify/notify-label-move.js';
import { appendRow } from '../store/append-writer.js';
import { columnParams } from '../store/column-sql.js';
import { authorSchema, changeMessageSchema, requestIdSchema } from '../store/write-version.js';
import { AGENT_RELEASES } from './agent-releases-table.js';
import { checkLabelName } from './label-name.js';
import { labelNotFound, latestVersionNumber } from './label-not-found.js';
import { RELEASE_COLUMNS, type ReleaseKind, type ReleaseRecord, toReleaseRecord } from './release-record.js';

/** What every label move names: the label, who moves it and why, and the release it is based on. */
export interface LabelMoveOptions {
  agentId: string;
  label: string;
  /** Who moves the label: a person or service. */
  author: string;
  /** Why; defaults to what the move does ("release version 4"). */
  message?: string;
  /** Idempotency key: a retry with the same id returns the release the first try made. Random when omitted. */
  requestId?: string;
  /**
   * The release number the move is based on (0: the label must not exist yet). Without it, the
   * label's current release as read just before the write; either way the write is a
   * compare-and-swap on that number.
   */
  expectedRelease?: number;
}

export interface ReleaseResult {
  /** The label's new state (or, on a retry, the state the first try wrote). */
  release: ReleaseRecord;
  /** True when this request id had already moved the label: nothing new was written. */
  replayed: boolean;
}

/** A label's state as a move writes it (the payload of agent_releases). */
export interface LabelState {
  kind: ReleaseKind;
  version: number;
  candidateVersion: number | null;
  candidatePercent: number | null;
  assignmentSalt: string | null;
  rolloutPolicy: JsonValue | null;
}

/** What a move reads before it decides: the current state, the history when asked, a retry's earlier release. */
export interface LabelReading {
  current: ReleaseRecord | null;
  /** Every state of the label, newest first (only when the move asked for it). */
  history: ReleaseRecord[];
}

/** One kind of move: how it decides the new state from the label as read, and how it recognises its own retry. */
export interface LabelMove {
  kind: ReleaseKind;
  /** Read every state of the label, not only the current one (a rollback walks back). */
  needsHistory?: boolean;
  /** Moves only a label that is set: the hint of the NotFoundError for a label never set. */
  labelRequired?: string;
  /** The new state, or a refusal (thrown) when the move makes no sense on this label. */
  plan: (reading: LabelReading) => Omit<LabelState, 'kind'> & { message: string };
  /** Whether an earlier release with this request id is this same move (else the id was reused for another). */
  isSameMove: (release: ReleaseRecord) => boolean;
}

const moveSchema = z.object({
  agentId: agentIdSchema,
  label: z.string(),
  author: authorSchema,
  message: changeMessageSchema.optional(),
  requestId: requestIdSchema.optional(),
  expectedRelease: z.number().int('must be an integer').min(0, 'must be >= 0').optional(),
});

/** Checks a version number a move routes to. */
export function checkVersionNumber(version: unknown, field = 'version'): number {
  if (typeof version !== 'number' || !Number.isSafeInteger(version) || version < 1) {
    throw new ValidationError([{ field, rule: `must be an integer >= 1, got ${JSON.stringify(version)}` }], 'release');
  }
  return version;
}

/** sha256 of the routing a state has (kind left out): a move to the state the label is in is "no changes". */
function stateHash(state: LabelState): string {
  const routing = {
    version: state.version,
    candidate_version: state.candidateVersion,
    candidate_percent: state.candidatePercent,
    assignment_salt: state.assignmentSalt,
    rollout_policy: state.rolloutPolicy,
  };
  return createHash('sha256')
    .update(JSON.stringify(sortKeys(routing as JsonValue)))
    .digest('hex');
}

const PAYLOAD_VALUES: Record<string, (state: LabelState) => unknown> = {
  kind: (state) => state.kind,
  version: (state) => state.version,
  candidate_version: (state) => state.candidateVersion,
  candidate_percent: (state) => state.candidatePercent,
  assignment_salt: (state) => state.assignmentSalt,
  rollout_policy: (state) => state.rolloutPolicy,
};

function payloadParams(state: LabelState): QueryParams {
  return Object.assign(
    { content_hash: param.string(stateHash(state)) },
    ...AGENT_RELEASES.payload.map((column) => {
      const value = PAYLOAD_VALUES[column.name];
      if (!value) throw new TypeError(`moveLabel has no value for agent_releases.${column.name}`);
      return columnParams(column, value(state));
    }),
  );
}

async function readLabel(
  connection: Connection,
  agentId: string,
  label: string,
  requestId: string,
  needsHistory: boolean,
): Promise<LabelReading & { earlier: ReleaseRecord | undefined }> {
  const { rows } = await runQuery(
    connection,
    `SELECT ${RELEASE_COLUMNS} FROM {{dataset}}.agent_releases
     WHERE agent_id = @agent_id AND label = @label AND release_number > 0
       AND (@history OR is_current OR request_id = @request_id)
     ORDER BY release_number DESC`,
    {
      agent_id: param.string(agentId),
      label: param.string(label),
      request_id: param.string(requestId),
      history: param.bool(needsHistory),
    },
  );
  const records = rows.map(toReleaseRecord);
  return {
    current: records[0] ?? null,
    history: needsHistory ? records : [],
    earlier: records.find((record) => record.requestId === requestId),
  };
}

/**
 * Moves a label: reads its state, lets the move decide the new one (or refuse), and writes it
 * with sql/write_release.sql, one BigQuery job that appends release N+1 if and only if N (the
 * number the decision was based on) is still the label's current release. Nothing is written on
 * any refusal: ValidationError (exit 2), NotFoundError, ReleaseConflictError, LabelUnchangedError (exit 1).
 * A written move notifies the dataset's webhooks (src/notify; a failed delivery is only a warning).
 */
export async function moveLabel(connection: Connection, options: LabelMoveOptions, move: LabelMove): Promise<ReleaseResult> {
  const checked = moveSchema.safeParse(options);
  if (!checked.success) throw ValidationError.fromZod(checked.error, 'release');
  const { agentId, expectedRelease } = checked.data;
  const label = checkLabelName(options.label);
  const requestId = checked.data.requestId ?? randomUUID();

  const reading = await readLabel(connection, agentId, label, requestId, move.needsHistory ?? false);
  if (reading.earlier) return replay(reading.earlier, requestId, move);
  const currentNumber = reading.current?.releaseNumber ?? 0;
  if (expectedRelease !== undefined && expectedRelease !== currentNumber) {
    throw new ReleaseConflictError(agentId, label, expectedRelease, reading.current);
  }
  if (!reading.current && move.labelRequired) throw await labelNotFound(connection, agentId, label, move.labelRequired);
  const { message, ...planned } = move.plan(reading);
  const state: LabelState = { kind: move.kind, ...planned };
  const expected = expectedRelease ?? currentNumber;

  const { outcome, mine, latest } = await appendRow(connection, AGENT_RELEASES, {
    key: { agent_id: agentId, label },
    expected,
    requestId,
    allowUnchanged: false,
    author: checked.data.author,
    message: checked.data.message ?? message,
    payload: payloadParams(state),
  });
  const now = latest ? toReleaseRecord(latest) : null;
  switch (outcome) {
    case 'written': {
      const release = toReleaseRecord(mine as Record<string, unknown>);
      // Never throws: the move is committed. The web page does not wait for the receivers.
      const sending = notifyLabelMove(connection, reading.current, release);
      if (!notificationSettings().inBackground) await sending;
      return { release, replayed: false };
    }
    case 'replayed':
      return replay(toReleaseRecord(mine as Record<string, unknown>), requestId, move);
    case 'conflict':
    case 'already_exists':
      throw new ReleaseConflictError(agentId, label, expected, now);
    case 'no_changes':
      throw new LabelUnchangedError('same_state', agentId, label, now as ReleaseRecord);
    case 'not_found': {
      // Versions are 1..N without gaps, so a routed version is missing exactly when it is above N.
      const latestVersion = await latestVersionNumber(connection, agentId);
      if (latestVersion === 0) throw new NotFoundError({ agentId });
      const missing = [state.version, state.candidateVersion ?? 0].find((version) => version > latestVersion) ?? state.version;
      throw new NotFoundError({ agentId, version: missing, latestVersion });
    }
  }
}

// An idempotency key names one move: the same key with another move is a caller's bug, not a
// retry, and must not silently return the other move's release.
function replay(earlier: ReleaseRecord, requestId: string, move: LabelMove): ReleaseResult {
  if (earlier.kind !== move.kind || !move.isSameMove(earlier)) {
    throw new ValidationError(
      [
        {
          field: 'requestId',
          rule: `"${requestId}" already made release ${earlier.releaseNumber} of ${earlier.label} (${earlier.kind}); use a new request id`,
        },
      ],
      'release',
    );
  }
  return { release: earlier, replayed: true };
}
