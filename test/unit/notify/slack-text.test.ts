import { describe, expect, it } from 'vitest';
import type { WatchDecisionNotice } from '../../../src/notify/notification-notice.js';
import { renderPayload } from '../../../src/notify/render-payload.js';
import { slackText } from '../../../src/notify/slack-text.js';

const notice: WatchDecisionNotice = {
  event: 'watch_decision',
  event_id: 'watch-1:triage:production',
  dataset: 'p.agentver',
  agent_id: 'triage',
  label: 'production',
  release_number: 2,
  canary_release_number: 2,
  baseline_version: 1,
  candidate_version: 2,
  candidate_percent: 20,
  days_since_start: 3,
  decision: 'rollback',
  reason: 'Roll back: resolution_rate is worse in the candidate (<b>)',
  applied: false,
  apply_note: 'not applied: run watch --apply, or agentver rollback triage --label production --expected-release 2',
  needs: 'the rollback awaits a person (not applied: …)',
  watch_request_id: 'watch-1',
  author: 'scheduler',
  evidence: {
    srm_p_value: 0.4321987,
    units: { baseline: 480, candidate: 120 },
    runs: { baseline: 480, candidate: 120 },
    misassigned_units: 0,
    metrics: [
      {
        metric: 'resolution_rate',
        role: 'primary',
        verdict: 'worse',
        baseline: 0.8012345,
        candidate: 0.3,
        difference: -0.5,
        interval: [-0.6, -0.4],
        p_value: 0.000012,
      },
    ],
  },
  summary: 'watch: rollback on production of triage (release 2) needs a person: Roll back: …',
};

describe('slackText', () => {
  it('puts the decision first, then the evidence in numbers, what to do, and where; user text escaped', () => {
    expect(slackText(notice).split('\n')).toEqual([
      '*agentver watch* · `triage` · label `production` · release 2: *rollback* needs a person',
      'Roll back: resolution_rate is worse in the candidate (&lt;b&gt;)',
      'units 480 baseline / 120 candidate · runs 480 / 120 · SRM p = 0.4322 · day 3',
      'resolution_rate (primary): 0.8012 → 0.3, worse (p = 0.000012)',
      'to do: the rollback awaits a person (not applied: …)',
      'dataset `p.agentver` · watch `watch-1` by scheduler',
    ]);
  });

  it('is the only field of a slack body; a json body is the notice itself', () => {
    expect(JSON.parse(renderPayload(notice, 'slack'))).toEqual({ text: slackText(notice) });
    expect(JSON.parse(renderPayload(notice, 'json'))).toEqual(notice);
  });
});
