import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { parseGuardrail } from '../../rollout/parse-guardrail.js';
import { parseRamp } from '../../rollout/parse-ramp.js';
import { SHIP_RULES } from '../../rollout/rollout-policy.js';
import {
  AgentverError,
  diffVersions,
  type LabelAction,
  type ReleaseRecord,
  type Route,
  releaseRoutes,
  rollbackTarget,
  ValidationError,
} from '../backend.js';
import { html } from '../html.js';
import { parseInput, versionField } from '../parse-input.js';
import { agentParam, type UiServer } from '../ui-server.js';
import { LABEL_ACTIONS, type LabelActionKind, labelConflictPage, labelMovePage } from './label-move-page.js';
import { type LabelPageInput, labelPage } from './label-page.js';
import { paths } from './paths.js';

const given = (value: unknown) => (value === '' ? undefined : value);
const actionField = z.enum(Object.keys(LABEL_ACTIONS) as [LabelActionKind, ...LabelActionKind[]], {
  message: `must be one of ${Object.keys(LABEL_ACTIONS).join(', ')}`,
});
const percentField = z.preprocess(
  given,
  z.coerce.number({ message: 'must be a number' }).gt(0, 'must be above 0').lt(100, 'must be below 100'),
);
const optionalText = z.preprocess(given, z.string().max(1000).optional());

/** What a move needs besides its kind: the same fields on the confirmation (GET) and the move (POST). */
const moveFields = z.object({
  action: actionField,
  version: versionField.optional(),
  percent: percentField.optional(),
  primary: optionalText,
  guardrails: optionalText,
  maxDays: z.preprocess(
    given,
    z.coerce.number({ message: 'must be a number' }).int('must be a whole number').min(1, 'must be >= 1').optional(),
  ),
  ramp: optionalText,
  stageHours: z.preprocess(given, z.coerce.number({ message: 'must be a number' }).positive('must be above 0').finite().optional()),
  shipWhen: z.preprocess(given, z.enum(SHIP_RULES, { message: `must be one of ${SHIP_RULES.join(', ')}` }).optional()),
});
type MoveFields = z.infer<typeof moveFields>;

/** The library's move from the form's fields; a missing field the move needs is a ValidationError naming it. */
function labelAction(fields: MoveFields): LabelAction {
  const need = <T>(value: T | undefined, field: string): T => {
    if (value === undefined) throw new ValidationError([{ field, rule: `is required to ${fields.action}` }], 'label move');
    return value;
  };
  switch (fields.action) {
    case 'rollback':
    case 'promote':
      return { kind: fields.action };
    case 'release':
    case 'stop':
      return { kind: fields.action, version: need(fields.version, 'version') };
    case 'canary': {
      const guardrails = fields.guardrails
        ?.split(',')
        .map((g) => g.trim())
        .filter((g) => g !== '')
        .map((g, i) => parseGuardrail(g, {}, `guardrails[${i}]`));
      const ramp = fields.ramp ? parseRamp(fields.ramp, 'ramp') : undefined;
      const policy = {
        ...(fields.primary ? { primary: fields.primary } : {}),
        ...(guardrails ? { guardrails } : {}),
        ...(fields.maxDays ? { maxDays: fields.maxDays } : {}),
        ...(ramp ? { ramp } : {}),
        ...(fields.stageHours ? { stageHours: fields.stageHours } : {}),
        ...(fields.shipWhen ? { shipWhen: fields.shipWhen } : {}),
      };
      return {
        kind: 'canary',
        version: need(fields.version, 'version'),
        percent: need(fields.percent ?? ramp?.[0], 'percent'),
        ...(Object.keys(policy).length > 0 ? { policy } : {}),
      };
    }
  }
}

/** Where traffic goes after a move, and which served version gives way to which (null: only shares change). */
function plan(current: ReleaseRecord, history: ReleaseRecord[], action: LabelAction): { after: Route[]; from: number; to: number } | null {
  const served = current.candidateVersion ?? current.version;
  switch (action.kind) {
    case 'rollback': {
      const target = rollbackTarget(history);
      return target === null ? null : { after: releaseRoutes(target, null, null), from: served, to: target };
    }
    case 'promote':
      return current.candidateVersion === null
        ? null
        : { after: releaseRoutes(current.candidateVersion, null, null), from: current.version, to: current.candidateVersion };
    case 'release':
    case 'stop':
      return { after: releaseRoutes(action.version, null, null), from: served, to: action.version };
    case 'canary': {
      // A ramp (the same candidate) changes only the shares.
      const from = current.candidateVersion === action.version ? action.version : current.version;
      return { after: releaseRoutes(current.version, action.version, action.percent), from, to: action.version };
    }
  }
}

/** A label's page, its "look now", and the confirmation and POST of every move. */
export function registerLabelRoutes(server: UiServer): void {
  const { app, backend } = server;

  /** The label page's reads, one query each (the history first: it refuses a bad or unknown label). */
  const labelView = async (agentId: string, label: string, extra: Pick<LabelPageInput, 'look' | 'moved'> = {}): Promise<LabelPageInput> => {
    const history = await backend.labelHistory(agentId, label);
    const [labels, decisions, martsBuiltAt] = await Promise.all([
      backend.labels(agentId),
      backend.lastDecisions(agentId),
      backend.martsBuiltAt(),
    ]);
    return {
      agentId,
      label,
      history,
      latestVersion: labels.latestVersion,
      decision: decisions.get(label) ?? null,
      martsBuiltAt,
      now: new Date(),
      ...extra,
    };
  };

  app.get('/agents/:id/labels/:label', async (c) => {
    const agentId = agentParam(c);
    const label = c.req.param('label');
    const query = parseInput(z.object({ moved: versionField.optional() }), c.req.query(), 'page');
    const view = await labelView(agentId, label);
    // Only a move that is the label's current state is announced, so a crafted link cannot claim one.
    const moved = query.moved !== undefined && view.history[0]?.releaseNumber === query.moved ? { moved: query.moved } : {};
    return server.page(c, {
      title: `${agentId} ${label}`,
      heading: html`${agentId} <span class="sub">label ${label}</span>`,
      agent: { id: agentId, tab: 'history' },
      body: labelPage({ ...view, ...moved }),
    });
  });

  app.get('/agents/:id/labels/:label/look', async (c) => {
    const agentId = agentParam(c);
    const label = c.req.param('label');
    const view = await labelView(agentId, label);
    const look = await backend.lookNow(agentId, label);
    return server.page(c, {
      title: `${agentId} ${label}: look now`,
      heading: html`${agentId} <span class="sub">label ${label}</span>`,
      agent: { id: agentId, tab: 'history' },
      body: labelPage({ ...view, look }),
    });
  });

  app.get('/agents/:id/labels/:label/move', async (c) => {
    const agentId = agentParam(c);
    const label = c.req.param('label');
    const query = parseInput(moveFields.extend({ expected: versionField }), c.req.query(), 'label move');
    const history = await backend.labelHistory(agentId, label);
    const current = history[0] as ReleaseRecord;
    if (current.releaseNumber !== query.expected) {
      return server.page(
        c,
        {
          title: `${label} changed`,
          heading: html`${agentId} <span class="sub">${label} changed</span>`,
          agent: { id: agentId, tab: 'history' },
          body: labelConflictPage(agentId, label, query.expected, current),
        },
        409,
      );
    }
    const action = labelAction(query);
    const planned = plan(current, history, action);
    if (planned === null) {
      throw new AgentverError(
        'no_changes',
        `${LABEL_ACTIONS[query.action].toLowerCase()} ${label}: there is nothing to ${query.action} (it serves ${current.routes.map((r) => `@${r.version} at ${r.percent}%`).join(', ')}); nothing was written`,
        {
          hint: 'Go back to the label and choose another move.',
        },
      );
    }
    const change =
      planned.from === planned.to
        ? null
        : await backend.versionPair(agentId, planned.from, planned.to).then(([from, to]) => ({ from, to, diff: diffVersions(from, to) }));
    const fields = Object.fromEntries(
      Object.entries({
        version: query.version,
        percent: query.percent,
        primary: query.primary,
        guardrails: query.guardrails,
        maxDays: query.maxDays,
        ramp: query.ramp,
        stageHours: query.stageHours,
        shipWhen: query.shipWhen,
      })
        .filter(([, value]) => value !== undefined)
        .map(([name, value]) => [name, String(value)]),
    );
    return server.page(c, {
      title: `${LABEL_ACTIONS[query.action]} ${label}`,
      heading: html`${agentId} <span class="sub">${LABEL_ACTIONS[query.action].toLowerCase()} ${label}</span>`,
      agent: { id: agentId, tab: 'history' },
      body: labelMovePage({
        agentId,
        label,
        action: query.action,
        current,
        after: planned.after,
        change,
        fields,
        csrf: c.get('csrf'),
        requestId: randomUUID(),
      }),
    });
  });

  app.post('/agents/:id/labels/:label/move', async (c) => {
    const agentId = agentParam(c);
    const label = c.req.param('label');
    const form = parseInput(
      moveFields.extend({
        expectedRelease: versionField,
        requestId: z.string().min(1).max(200).optional(),
        message: z.preprocess((v) => (typeof v === 'string' && v.trim() === '' ? undefined : v), z.string().max(10_000).optional()),
      }),
      await c.req.parseBody(),
      'label move',
    );
    try {
      const { release } = await backend.moveLabel(agentId, label, labelAction(form), {
        expectedRelease: form.expectedRelease,
        author: server.author(c),
        ...(form.message ? { message: form.message } : {}),
        ...(form.requestId ? { requestId: form.requestId } : {}),
      });
      return c.redirect(paths.label(agentId, label, `?moved=${release.releaseNumber}`), 303);
    } catch (error) {
      if (!(error instanceof AgentverError) || error.code !== 'conflict') throw error;
      const current = (await backend.labelHistory(agentId, label))[0] ?? null;
      return server.page(
        c,
        {
          title: `${label} changed`,
          heading: html`${agentId} <span class="sub">${label} changed</span>`,
          agent: { id: agentId, tab: 'history' },
          body: labelConflictPage(agentId, label, form.expectedRelease, current),
        },
        409,
      );
    }
  });
}
