import type { Connection } from '../bigquery/connection.js';
import type { ReleaseRecord } from '../releases/release-record.js';
import { labelMoveNotice } from './label-move-notice.js';
import { notifyEvent } from './notify-event.js';

/**
 * What moveLabel calls once it has written a state: notifies the dataset's webhooks of the move
 * (a replayed request wrote nothing and notifies nothing). The move is committed: this never
 * throws, and a failed delivery is a warning and a notification_deliveries row.
 * @example
 * await notifyLabelMove(conn, reading.current, written);
 */
export async function notifyLabelMove(connection: Connection, from: ReleaseRecord | null, to: ReleaseRecord): Promise<void> {
  await notifyEvent(connection, [labelMoveNotice(connection, from, to)]);
}
