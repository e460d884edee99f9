import type { Connection } from '../bigquery/connection.js';
import { LabelUnchangedError } from '../errors/label-unchanged-error.js';
import { type LabelMoveOptions, moveLabel, type ReleaseResult } from './move-label.js';

/**
 * Ends a label's canary in favour of its candidate: the candidate becomes the label's version at
 * 100% (kind 'promote'). Refusals (nothing written): a label never set (NotFoundError), no canary
 * running (LabelUnchangedError: nothing to do), a stale expected release (ReleaseConflictError),
 * which is how `watch --apply` acts only on the canary it evaluated.
 * @example
 * await promoteLabel(conn, { agentId: 'support_triage', label: 'production', author: 'gil', expectedRelease: 3 });
 * // { release: { releaseNumber: 4, kind: 'promote', routes: [{ version: 42, arm: null, percent: 100 }], … }, replayed: false }
 */
export async function promoteLabel(connection: Connection, request: LabelMoveOptions): Promise<ReleaseResult> {
  return moveLabel(connection, request, {
    kind: 'promote',
    labelRequired: `Release a version first: agentver release ${request.agentId} <version> --label ${request.label}`,
    isSameMove: () => true,
    plan: ({ current }) => {
      if (current?.candidateVersion == null) {
        if (!current) throw new TypeError('promoteLabel: moveLabel planned a promote on a label never set');
        throw new LabelUnchangedError('no_canary', current.agentId, current.label, current);
      }
      return {
        version: current.candidateVersion,
        candidateVersion: null,
        candidatePercent: null,
        assignmentSalt: null,
        rolloutPolicy: null,
        message: `promote version ${current.candidateVersion}`,
      };
    },
  });
}
