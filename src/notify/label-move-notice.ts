import type { Connection } from '../bigquery/connection.js';
import type { ReleaseRecord } from '../releases/release-record.js';
import { describeRoutes } from './describe-routes.js';
import type { LabelMoveNotice, LabelStateNotice } from './notification-notice.js';

const state = (release: ReleaseRecord): LabelStateNotice => ({
  release_number: release.releaseNumber,
  kind: release.kind,
  routes: release.routes,
});

/**
 * The notice of a label move: the state before (null for a first release) and the state written.
 * @example
 * labelMoveNotice(conn, release1, release2).summary;
 * // 'production of triage → release 2 (canary): version 1 at 90% (baseline), version 2 at 10% (candidate); was release 1 (release): version 1 at 100%'
 */
export function labelMoveNotice(connection: Connection, from: ReleaseRecord | null, to: ReleaseRecord): LabelMoveNotice {
  const was = from ? `release ${from.releaseNumber} (${from.kind}): ${describeRoutes(from.routes)}` : 'not set before';
  return {
    event: 'label_move',
    event_id: to.requestId,
    dataset: `${connection.projectId}.${connection.datasetId}`,
    agent_id: to.agentId,
    label: to.label,
    from: from ? state(from) : null,
    to: state(to),
    author: to.author,
    message: to.changeMessage,
    created_at: to.createdAt,
    summary: `${to.label} of ${to.agentId} → release ${to.releaseNumber} (${to.kind}): ${describeRoutes(to.routes)}; was ${was}`,
  };
}
