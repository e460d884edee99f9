import type { Connection } from '../bigquery/connection.js';
import type { CanaryDecision } from '../watch/watch-canaries.js';
import { needsPerson } from './needs-person.js';
import { notifyEvent } from './notify-event.js';
import { watchDecisionNotice } from './watch-decision-notice.js';

/**
 * What watch calls once its decisions are written: notifies the dataset's webhooks of each
 * decision that needs a person (a promote, rollback or advance not applied, inconclusive, srm,
 * misassigned), all in one batch. A move watch applied notifies as a label move instead. Never
 * throws; a failed delivery is a warning and a notification_deliveries row.
 * @example
 * await notifyWatchDecisions(conn, { requestId, author }, result.decisions);
 */
export async function notifyWatchDecisions(
  connection: Connection,
  run: { requestId: string; author: string },
  decisions: readonly CanaryDecision[],
): Promise<void> {
  await notifyEvent(
    connection,
    decisions.filter(needsPerson).map((decision) => watchDecisionNotice(connection, run, decision)),
  );
}
