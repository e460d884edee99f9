import { randomInt } from 'node:crypto';
import { type Arm, assignArm, BUCKETS } from './assign-arm.js';
import type { ReleaseRecord } from './release-record.js';

/** The version a label state serves one call, and the arm it is in. */
export interface ChosenRoute {
  version: number;
  /** null outside a canary. */
  arm: Arm | null;
  /** The unit that was hashed to the arm; null outside a canary or when no unit was given. */
  assignmentUnit: string | null;
}

/**
 * Picks the route of a label state for one call. In a release every call gets the version. In
 * a canary a unit is assigned by assignArm (sticky: the same unit, the same arm, in every process
 * and across a ramp); without a unit the call is assigned at random (crypto.randomInt) with the
 * candidate's share, and nothing ties two calls together, so a unit-level analysis is impossible.
 *
 * Cost: one SHA-256 with a unit, one randomInt without.
 */
export function chooseRoute(
  release: Pick<ReleaseRecord, 'version' | 'candidateVersion' | 'candidatePercent' | 'assignmentSalt'>,
  unit: string | undefined,
): ChosenRoute {
  const { version, candidateVersion, candidatePercent, assignmentSalt } = release;
  if (candidateVersion === null || candidatePercent === null || assignmentSalt === null) {
    return { version, arm: null, assignmentUnit: null };
  }
  const arm =
    unit === undefined
      ? randomInt(BUCKETS) < Math.round(candidatePercent * 100)
        ? 'candidate'
        : 'baseline'
      : assignArm(assignmentSalt, unit, candidatePercent);
  return { version: arm === 'candidate' ? candidateVersion : version, arm, assignmentUnit: unit ?? null };
}
