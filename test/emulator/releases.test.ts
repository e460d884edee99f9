import {
  type Connection,
  createAgent,
  editAgent,
  getLabelConfig,
  initStore,
  LabelUnchangedError,
  labelHistory,
  listCurrentReleases,
  listLabels,
  NotFoundError,
  param,
  promoteLabel,
  ReleaseConflictError,
  releaseLabel,
  rollbackLabel,
  runQuery,
  startCanary,
  ValidationError,
} from 'agentver';
import { beforeAll, expect, it } from 'vitest';
import { createTestConnection } from './test-connection.js';

let conn: Connection;
const base = { name: 'Triage', system_prompt: 'p', model: 'm', temperature: 0.1 };
const who = { agentId: 'triage', label: 'production', author: 'gil' };

const count = async () =>
  (
    await runQuery<{ n: number }>(conn, 'SELECT COUNT(*) AS n FROM {{dataset}}.agent_releases WHERE agent_id = @a', {
      a: param.string('triage'),
    })
  ).rows[0]?.n;

beforeAll(async () => {
  conn = await createTestConnection('releases');
  await initStore(conn, ['agent_configs', 'agent_releases']);
  await createAgent(conn, 'triage', base, { author: 'gil', message: 'v1' });
  for (const t of [0.2, 0.3])
    await editAgent(conn, 'triage', { config: { ...base, temperature: t } }, { author: 'gil', message: `t ${t}` });
});

it('release, canary, ramp, promote, rollback; refusals write nothing; as-of lookups', async () => {
  await expect(startCanary(conn, { ...who, version: 2, percent: 10 })).rejects.toBeInstanceOf(NotFoundError);
  const first = await releaseLabel(conn, { ...who, version: 1, requestId: 'r1' });
  expect(first).toMatchObject({ replayed: false, release: { releaseNumber: 1, kind: 'release', routes: [{ version: 1, percent: 100 }] } });
  expect(await releaseLabel(conn, { ...who, version: 1, requestId: 'r1' })).toMatchObject({
    replayed: true,
    release: { releaseNumber: 1 },
  });
  await expect(releaseLabel(conn, { ...who, version: 1 })).rejects.toBeInstanceOf(LabelUnchangedError);
  await expect(releaseLabel(conn, { ...who, version: 9 })).rejects.toMatchObject({ code: 'not_found', version: 9, latestVersion: 3 });
  await expect(releaseLabel(conn, { ...who, label: 'latest', version: 2 })).rejects.toBeInstanceOf(ValidationError);
  await expect(startCanary(conn, { ...who, version: 1, percent: 10 })).rejects.toBeInstanceOf(ValidationError);
  await expect(startCanary(conn, { ...who, version: 2, percent: 100 })).rejects.toBeInstanceOf(ValidationError);
  await expect(promoteLabel(conn, who)).rejects.toMatchObject({ reason: 'no_canary' });
  await expect(rollbackLabel(conn, who)).rejects.toMatchObject({ reason: 'nothing_earlier' });
  expect(await count()).toBe(1);

  const canary = await startCanary(conn, { ...who, version: 2, percent: 10 });
  const ramp = await startCanary(conn, { ...who, version: 2, percent: 25 });
  expect(ramp.release.assignmentSalt).toBe(canary.release.assignmentSalt);
  expect(ramp.release.routes).toEqual([
    { version: 1, arm: 'baseline', percent: 75 },
    { version: 2, arm: 'candidate', percent: 25 },
  ]);
  await expect(releaseLabel(conn, { ...who, version: 3, expectedRelease: 2 })).rejects.toMatchObject({
    currentRelease: 3,
    currentAuthor: 'gil',
  });
  const promoted = await promoteLabel(conn, { ...who, expectedRelease: 3 });
  expect(promoted.release).toMatchObject({ releaseNumber: 4, kind: 'promote', version: 2, candidateVersion: null });
  const back = await rollbackLabel(conn, who);
  expect(back.release).toMatchObject({ releaseNumber: 5, kind: 'rollback', version: 1 });

  const history = await labelHistory(conn, 'triage', 'production');
  expect(history.map((r) => [r.releaseNumber, r.kind, r.isCurrent])).toEqual([
    [5, 'rollback', true],
    [4, 'promote', false],
    [3, 'canary', false],
    [2, 'canary', false],
    [1, 'release', false],
  ]);
  const atRamp = await getLabelConfig(conn, 'triage', 'production', { at: ramp.release.createdAt });
  expect(atRamp.routes.map((r) => [r.version, r.percent, r.record.config.temperature])).toEqual([
    [1, 75, 0.1],
    [2, 25, 0.2],
  ]);
  const atPromote = await getLabelConfig(conn, 'triage', 'production', { at: promoted.release.createdAt });
  expect(atPromote.routes.map((r) => r.version)).toEqual([2]);
  expect((await getLabelConfig(conn, 'triage', 'production')).routes.map((r) => r.version)).toEqual([1]);
  expect((await getLabelConfig(conn, 'triage', 'latest')).routes.map((r) => r.version)).toEqual([3]);
  expect(await listLabels(conn, 'triage')).toMatchObject({ latestVersion: 3, labels: [{ label: 'production', releaseNumber: 5 }] });
});

it('20 concurrent releases from the same release number: 1 written, 19 conflict, gapless', async () => {
  const label = { ...who, label: 'race' };
  await releaseLabel(conn, { ...label, version: 1 });
  const outcomes = await Promise.allSettled(
    Array.from({ length: 20 }, (_, i) => releaseLabel(conn, { ...label, version: 2 + (i % 2), expectedRelease: 1, author: `c${i}` })),
  );
  expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
  const losers = outcomes.flatMap((o) => (o.status === 'rejected' ? [o.reason] : []));
  expect(losers).toHaveLength(19);
  for (const loser of losers) expect(loser).toBeInstanceOf(ReleaseConflictError);
  const history = await labelHistory(conn, 'triage', 'race');
  expect(history.map((r) => [r.releaseNumber, r.isCurrent])).toEqual([
    [2, true],
    [1, false],
  ]);
  // Every label at once (a NULL label filter), and every agent's current states (a NULL agent filter).
  const everyLabel = await labelHistory(conn, 'triage', null);
  expect(everyLabel.filter((r) => r.label === 'race').map((r) => r.releaseNumber)).toEqual([2, 1]);
  expect(new Set(everyLabel.map((r) => r.label))).toEqual(new Set(['production', 'race']));
  const current = await listCurrentReleases(conn, null);
  expect(current.map((r) => [r.agentId, r.label, r.releaseNumber])).toEqual([
    ['triage', 'production', 5],
    ['triage', 'race', 2],
  ]);
});
