import type { Connection } from '../bigquery/connection.js';
import { LabelUnchangedError } from '../errors/label-unchanged-error.js';
import { type LabelMoveOptions, moveLabel, type ReleaseResult } from './move-label.js';
import type { ReleaseRecord } from './release-record.js';

/**
 * The version a label rolls back to: a canary's baseline; else the version of the newest earlier
 * state that served one version at 100% other than the current one (after a promote: the
 * release before it). null when there is none.
 */
export function rollbackTarget(history: readonly ReleaseRecord[]): number | null {
  const [current, ...earlier] = history;
  if (!current) return null;
  if (current.candidateVersion !== null) return current.version;
  return earlier.find((state) => state.candidateVersion === null && state.version !== current.version)?.version ?? null;
}

/**
 * Rolls a label back (kind 'rollback'): it serves again, at 100%, the last version it served
 * fully before its current state (see rollbackTarget), in one job. Not the copy-version rollback
 * of an agent (rollbackAgent): no version is written, only the label moves. Refusals (nothing
 * written): a label never set (NotFoundError), nothing earlier to go back to
 * (LabelUnchangedError), a stale expected release (ReleaseConflictError).
 * @example
 * await rollbackLabel(conn, { agentId: 'support_triage', label: 'production', author: 'oncall' });
 * // { release: { kind: 'rollback', routes: [{ version: 41, arm: null, percent: 100 }], … }, replayed: false }
 */
export async function rollbackLabel(connection: Connection, request: LabelMoveOptions): Promise<ReleaseResult> {
  return moveLabel(connection, request, {
    kind: 'rollback',
    needsHistory: true,
    labelRequired: `Release a version first: agentver release ${request.agentId} <version> --label ${request.label}`,
    isSameMove: () => true,
    plan: ({ current, history }) => {
      if (!current) throw new TypeError('rollbackLabel: moveLabel planned a rollback on a label never set');
      const version = rollbackTarget(history);
      if (version === null) throw new LabelUnchangedError('nothing_earlier', current.agentId, current.label, current);
      return {
        version,
        candidateVersion: null,
        candidatePercent: null,
        assignmentSalt: null,
        rolloutPolicy: null,
        message: `rollback to version ${version}`,
      };
    },
  });
}
