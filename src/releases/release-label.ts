import type { Connection } from '../bigquery/connection.js';
import { LabelUnchangedError } from '../errors/label-unchanged-error.js';
import { checkVersionNumber, type LabelMoveOptions, moveLabel, type ReleaseResult } from './move-label.js';

export interface ReleaseLabelRequest extends LabelMoveOptions {
  /** The version the label serves to every unit. */
  version: number;
}

/**
 * Points a label at one version for 100% of its traffic (kind 'release'), ending any canary on
 * it. The first release of a label is written with expected release 0, so of two concurrent
 * creators one conflicts. Refusals (nothing written): an unknown version (NotFoundError), the
 * version the label already serves at 100% (LabelUnchangedError), a stale expected release
 * (ReleaseConflictError).
 * @example
 * await releaseLabel(conn, { agentId: 'support_triage', label: 'production', version: 41, author: 'gil' });
 * // { release: { releaseNumber: 1, kind: 'release', routes: [{ version: 41, arm: null, percent: 100 }], … }, replayed: false }
 */
export async function releaseLabel(connection: Connection, request: ReleaseLabelRequest): Promise<ReleaseResult> {
  const version = checkVersionNumber(request.version);
  return moveLabel(connection, request, {
    kind: 'release',
    isSameMove: (earlier) => earlier.version === version && earlier.candidateVersion === null,
    plan: ({ current }) => {
      if (current && current.candidateVersion === null && current.version === version) {
        throw new LabelUnchangedError('same_state', request.agentId, request.label, current);
      }
      return {
        version,
        candidateVersion: null,
        candidatePercent: null,
        assignmentSalt: null,
        rolloutPolicy: null,
        message: `release version ${version}`,
      };
    },
  });
}
