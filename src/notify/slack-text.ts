import { describeRoutes } from './describe-routes.js';
import type { NotificationNotice } from './notification-notice.js';

/** Slack mrkdwn: &, < and > are control characters (https://api.slack.com/reference/surfaces/formatting#escaping). */
const esc = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const code = (text: string) => `\`${esc(text).replace(/`/g, "'")}\``;
const num = (value: number | null) => (value === null ? 'n/a' : Number(value.toPrecision(4)).toString());

/**
 * The text of a notification for Slack (an incoming webhook's `{"text": …}`) or any chat that
 * takes the same body: what happened in the first line, then the details, every value a user
 * wrote escaped.
 * @example
 * slackText(labelMoveNotice(conn, null, release));
 * // '*agentver* · `triage` · label `production` → release 1 (release)\nnow: version 1 at 100%\n…'
 */
export function slackText(notice: NotificationNotice): string {
  const where = `dataset ${code(notice.dataset)}`;
  switch (notice.event) {
    case 'label_move': {
      const { from, to } = notice;
      return [
        `*agentver* · ${code(notice.agent_id)} · label ${code(notice.label)} → release ${to.release_number} (${to.kind})`,
        `now: ${describeRoutes(to.routes)}`,
        `was: ${from ? `release ${from.release_number} (${from.kind}): ${describeRoutes(from.routes)}` : 'not set'}`,
        `by ${esc(notice.author)}: ${esc(notice.message)}`,
        `${where} · request ${code(notice.event_id)}`,
      ].join('\n');
    }
    case 'watch_decision': {
      const { evidence: e } = notice;
      return [
        `*agentver watch* · ${code(notice.agent_id)} · label ${code(notice.label)} · release ${notice.release_number}: *${notice.decision}* needs a person`,
        esc(notice.reason),
        `units ${e.units.baseline} baseline / ${e.units.candidate} candidate · runs ${e.runs.baseline} / ${e.runs.candidate} · SRM p = ${num(e.srm_p_value)} · day ${notice.days_since_start}`,
        ...e.metrics.map(
          (m) =>
            `${esc(m.metric)} (${m.role}): ${num(m.baseline)} → ${num(m.candidate)}, ${m.verdict}${m.p_value === null ? '' : ` (p = ${num(m.p_value)})`}`,
        ),
        `to do: ${esc(notice.needs)}`,
        `${where} · watch ${code(notice.watch_request_id)} by ${esc(notice.author)}`,
      ].join('\n');
    }
    case 'test':
      return [`*agentver* test notification for webhook ${code(notice.webhook_id)}, sent by ${esc(notice.author)}`, where].join('\n');
  }
}
