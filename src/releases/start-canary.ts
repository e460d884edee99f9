import { randomUUID } from 'node:crypto';
import type { Connection } from '../bigquery/connection.js';
import type { JsonValue } from '../config/agent-config.js';
import { jsonEqual } from '../diff/diff-values.js';
import { LabelUnchangedError } from '../errors/label-unchanged-error.js';
import { ValidationError } from '../errors/validation-error.js';
import { parseRolloutPolicy } from '../rollout/parse-rollout-policy.js';
import type { RolloutPolicyInput } from '../rollout/rollout-policy.js';
import { checkCandidatePercent } from './candidate-percent.js';
import { checkVersionNumber, type LabelMoveOptions, moveLabel, type ReleaseResult } from './move-label.js';

export interface StartCanaryRequest extends LabelMoveOptions {
  /** The candidate version. */
  version: number;
  /**
   * The candidate's share of units in percent: 0 < p < 100, at most two decimals. Without it, the
   * policy's ramp sets it: its first share for a new canary, the running share for the running one.
   */
  percent?: number;
  /** How watch judges the canary (parseRolloutPolicy fills in the defaults). A ramp keeps the running canary's policy unless one is given. */
  policy?: RolloutPolicyInput;
}

/**
 * Starts or ramps a canary on a label (kind 'canary'): the label's served version stays the
 * baseline (a release's version, or the running canary's baseline) and the candidate gets
 * `percent` of the units. The same candidate as the running canary is a ramp: same assignment
 * salt, so every unit already in the candidate stays there when the share grows; a different
 * candidate starts a new canary with a new salt. The policy is stored with the canary.
 * Refusals (nothing written): a label never set (NotFoundError: release a baseline first), a
 * candidate equal to the baseline or a bad percent or policy (ValidationError), the canary as it
 * already runs (LabelUnchangedError), a stale expected release (ReleaseConflictError).
 * @example
 * await startCanary(conn, { agentId: 'support_triage', label: 'production', version: 42, percent: 10, author: 'gil' });
 * // { release: { kind: 'canary', routes: [{ version: 41, arm: 'baseline', percent: 90 }, { version: 42, arm: 'candidate', percent: 10 }], … } }
 */
export async function startCanary(connection: Connection, request: StartCanaryRequest): Promise<ReleaseResult> {
  const version = checkVersionNumber(request.version);
  const percent = request.percent === undefined ? undefined : checkCandidatePercent(request.percent);
  const parsed = request.policy === undefined ? undefined : parseRolloutPolicy(request.policy);
  const policy = parsed as unknown as JsonValue | undefined;
  if (percent === undefined && !parsed?.ramp.length) {
    throw new ValidationError(
      [{ field: 'percent', rule: 'is required unless the policy has a ramp (whose first share it starts at)' }],
      'canary',
    );
  }
  return moveLabel(connection, request, {
    kind: 'canary',
    labelRequired: `Release a baseline first: agentver release ${request.agentId} <version> --label ${request.label}`,
    isSameMove: (earlier) => earlier.candidateVersion === version && (percent === undefined || earlier.candidatePercent === percent),
    plan: ({ current }) => {
      if (!current) throw new TypeError('startCanary: moveLabel planned a canary on a label never set');
      if (version === current.version) {
        throw new ValidationError(
          [
            {
              field: 'version',
              rule: `is the baseline (label ${current.label} serves version ${current.version}); a canary needs another candidate`,
            },
          ],
          'canary',
        );
      }
      const ramp = current.candidateVersion === version;
      const rolloutPolicy = policy ?? (ramp ? (current.rolloutPolicy as JsonValue) : (parseRolloutPolicy({}) as unknown as JsonValue));
      // A new schedule for the running canary keeps its share (a ramp never lowers it by itself).
      const share = percent ?? (ramp ? (current.candidatePercent as number) : (parsed?.ramp[0] as number));
      if (ramp && current.candidatePercent === share && jsonEqual(rolloutPolicy, current.rolloutPolicy as JsonValue)) {
        throw new LabelUnchangedError('same_state', current.agentId, current.label, current);
      }
      return {
        version: current.version,
        candidateVersion: version,
        candidatePercent: share,
        assignmentSalt: ramp && current.assignmentSalt ? current.assignmentSalt : randomUUID(),
        rolloutPolicy,
        message: `${ramp ? 'ramp' : 'canary'} version ${version} at ${share}%`,
      };
    },
  });
}
