import { readColumns } from '../store/append-only-table.js';
import { decodeColumn } from '../store/column-sql.js';
import { AGENT_RELEASES } from './agent-releases-table.js';
import type { Arm } from './assign-arm.js';

/** What made a label's state. */
export const RELEASE_KINDS = ['release', 'canary', 'promote', 'rollback'] as const;
export type ReleaseKind = (typeof RELEASE_KINDS)[number];

/** One version a label sends traffic to, with its share in percent. */
export interface Route {
  version: number;
  /** null in a release (one version at 100%). */
  arm: Arm | null;
  percent: number;
}

/** One row of agent_releases: a state of a label. */
export interface ReleaseRecord {
  agentId: string;
  label: string;
  releaseNumber: number;
  isCurrent: boolean;
  previousReleaseNumber: number | null;
  kind: ReleaseKind;
  /** The version every unit gets in a release; the baseline's in a canary. */
  version: number;
  candidateVersion: number | null;
  candidatePercent: number | null;
  assignmentSalt: string | null;
  /** The canary's rollout policy as stored (parse with parseRolloutPolicy); null in a release. */
  rolloutPolicy: unknown;
  /** Where traffic goes: one route in a release, baseline then candidate in a canary. */
  routes: Route[];
  contentHash: string;
  author: string;
  sessionUser: string | null;
  changeMessage: string;
  requestId: string;
  /** ISO-8601 with microseconds. */
  createdAt: string;
}

/** The agent_releases columns a ReleaseRecord is read from; JSON as TO_JSON_STRING text. */
export const RELEASE_COLUMNS = readColumns(AGENT_RELEASES);

const policyColumn = AGENT_RELEASES.payload.find((column) => column.name === 'rollout_policy');

/** The routes of a state: candidate share p and baseline 100 − p in a canary, else one route at 100. */
export function releaseRoutes(version: number, candidateVersion: number | null, candidatePercent: number | null): Route[] {
  if (candidateVersion === null || candidatePercent === null) return [{ version, arm: null, percent: 100 }];
  return [
    { version, arm: 'baseline', percent: Math.round((100 - candidatePercent) * 100) / 100 },
    { version: candidateVersion, arm: 'candidate', percent: candidatePercent },
  ];
}

export function toReleaseRecord(row: Record<string, unknown>): ReleaseRecord {
  const version = row.version as number;
  const candidateVersion = (row.candidate_version as number | null) ?? null;
  const candidatePercent = (row.candidate_percent as number | null) ?? null;
  return {
    agentId: row.agent_id as string,
    label: row.label as string,
    releaseNumber: row.release_number as number,
    isCurrent: row.is_current as boolean,
    previousReleaseNumber: (row.previous_release_number as number | null) ?? null,
    kind: row.kind as ReleaseKind,
    version,
    candidateVersion,
    candidatePercent,
    assignmentSalt: (row.assignment_salt as string | null) ?? null,
    rolloutPolicy: policyColumn ? decodeColumn(policyColumn, row.rollout_policy) : null,
    routes: releaseRoutes(version, candidateVersion, candidatePercent),
    contentHash: row.content_hash as string,
    author: row.author as string,
    sessionUser: (row.session_user as string | null) ?? null,
    changeMessage: row.change_message as string,
    requestId: row.request_id as string,
    createdAt: row.created_at as string,
  };
}
