// The resolver serving labels: releases and canaries from agent_releases, sticky arms, caching
// without queries, TTL and bounded staleness, and the tags that carry the assignment into telemetry.

import { Readable } from 'node:stream';
import {
  AgentResolver,
  assignArm,
  type Connection,
  connect,
  createAgent,
  editAgent,
  ingestNdjson,
  initStore,
  NotFoundError,
  type ResolvedAgent,
  runQuery,
  startEmulator,
  TelemetryRecorder,
  ValidationError,
} from 'agentver';
import { beforeAll, describe, expect, it } from 'vitest';
import { countQueries } from './count-queries.js';
import { writeLabelState } from './release-fixtures.js';
import { createTestConnection } from './test-connection.js';

let conn: Connection;
const SALT = 'canary-resolver-test';

async function seedVersions(connection: Connection, agentId: string): Promise<void> {
  await createAgent(connection, agentId, { name: 'T', system_prompt: 'p', model: 'm', temperature: 0.1 }, { author: 'a', message: 'v1' });
  await editAgent(connection, agentId, { patch: { set: { temperature: 0.5 } } }, { author: 'a', message: 'v2' });
  await editAgent(connection, agentId, { patch: { set: { temperature: 0.9 } } }, { author: 'a', message: 'v3' });
}

beforeAll(async () => {
  conn = await createTestConnection('resolver');
  await initStore(conn, ['agent_configs', 'agent_releases', 'task_executions']);
  await seedVersions(conn, 'triage');
  await writeLabelState(conn, 'triage', 'production', { kind: 'release', version: 1 });
  await writeLabelState(conn, 'triage', 'production', {
    kind: 'canary',
    version: 1,
    candidate_version: 2,
    candidate_percent: 50,
    assignment_salt: SALT,
  });
  await writeLabelState(conn, 'triage', 'staging', { kind: 'release', version: 3 });
});

describe('resolve(agentId) without a label', () => {
  it('serves the newest version as the label latest, with no release and no arm', async () => {
    const resolved = await new AgentResolver(conn).resolve('triage');
    expect(resolved).toMatchObject({ agentVersionId: 'triage@3', version: 3, label: 'latest', releaseNumber: null, arm: null });
    expect(resolved.tags).toEqual({
      agent_id: 'triage',
      agent_version_id: 'triage@3',
      release_label: null,
      release_number: null,
      arm: null,
      assignment_unit: null,
    });
    // a unit is recorded outside a canary too (a later canary's CUPED reads each unit's history)
    expect((await new AgentResolver(conn).resolve('triage', { label: 'latest', unit: 'u1' })).tags).toMatchObject({
      arm: null,
      assignment_unit: 'u1',
    });
  });
});

describe('resolve(agentId, { label, unit })', () => {
  it('serves a release to every unit, tagged with the label and its release number', async () => {
    const resolved = await new AgentResolver(conn).resolve('triage', { label: 'staging', unit: 'ticket-1' });
    expect(resolved).toMatchObject({ version: 3, label: 'staging', releaseNumber: 1, arm: null, config: { temperature: 0.9 } });
    expect(resolved.tags).toMatchObject({ release_label: 'staging', release_number: 1, arm: null, assignment_unit: 'ticket-1' });
  });

  it('assigns a canary unit by assignArm, the same in two resolvers, with the arm version and config', async () => {
    const [a, b] = [new AgentResolver(conn), new AgentResolver(conn)];
    const arms = new Set<string>();
    for (let i = 0; i < 40; i++) {
      const unit = `ticket-${i}`;
      const first = await a.resolve('triage', { label: 'production', unit });
      const second = await b.resolve('triage', { label: 'production', unit });
      const expected = assignArm(SALT, unit, 50);
      expect(first).toMatchObject({ arm: expected, releaseNumber: 2, version: expected === 'candidate' ? 2 : 1 });
      expect(first.config.temperature).toBe(expected === 'candidate' ? 0.5 : 0.1);
      expect(second.agentVersionId).toBe(first.agentVersionId);
      expect(first.tags).toEqual({
        agent_id: 'triage',
        agent_version_id: first.agentVersionId,
        release_label: 'production',
        release_number: 2,
        arm: expected,
        assignment_unit: unit,
      });
      arms.add(expected);
    }
    expect([...arms].sort()).toEqual(['baseline', 'candidate']);
  });

  it('assigns a canary call without a unit at random, with assignment_unit null', async () => {
    const resolver = new AgentResolver(conn);
    const arms = new Set<string | null>();
    for (let i = 0; i < 60; i++) {
      const resolved = await resolver.resolve('triage', { label: 'production' });
      expect(resolved.tags.assignment_unit).toBeNull();
      expect(resolved.version).toBe(resolved.arm === 'candidate' ? 2 : 1);
      arms.add(resolved.arm);
    }
    // 60 fair coin flips all one way: probability 2 × 2⁻⁶⁰
    expect(arms).toEqual(new Set(['baseline', 'candidate']));
  });

  it('serves cache hits without a query, and after the TTL reads only the label state', async () => {
    const counted = countQueries(conn);
    let clock = 5_000_000;
    const resolver = new AgentResolver(counted.connection, { ttlMs: 30_000, now: () => clock });
    await resolver.resolve('triage', { label: 'production', unit: 'warm' });
    const afterMiss = counted.count();
    expect(afterMiss).toBe(2); // the label's state, then its two versions in one query
    for (let i = 0; i < 200; i++) await resolver.resolve('triage', { label: 'production', unit: `hit-${i}` });
    await resolver.resolve('triage');
    await resolver.resolve('triage');
    expect(counted.count()).toBe(afterMiss + 1); // only the first resolve of latest read BigQuery
    clock += 30_000;
    const refreshed = await resolver.resolve('triage', { label: 'production', unit: 'warm' });
    expect(refreshed.source).toBe('bigquery');
    expect(counted.count()).toBe(afterMiss + 2); // versions are immutable: only agent_releases was read
  });

  it('sees a ramp after the TTL, and keeps every earlier candidate in the candidate', async () => {
    const agent = 'ramped';
    await seedVersions(conn, agent);
    const salt = 'ramp-salt';
    await writeLabelState(conn, agent, 'production', { kind: 'release', version: 1 });
    await writeLabelState(conn, agent, 'production', {
      kind: 'canary',
      version: 1,
      candidate_version: 3,
      candidate_percent: 10,
      assignment_salt: salt,
    });
    let clock = 1_000_000;
    const resolver = new AgentResolver(conn, { ttlMs: 30_000, now: () => clock });
    const units = Array.from({ length: 200 }, (_, i) => `user-${i}`);
    const at10: ResolvedAgent[] = [];
    for (const unit of units) at10.push(await resolver.resolve(agent, { label: 'production', unit }));
    await writeLabelState(conn, agent, 'production', {
      kind: 'canary',
      version: 1,
      candidate_version: 3,
      candidate_percent: 25,
      assignment_salt: salt,
    });
    clock += 10_000;
    expect((await resolver.resolve(agent, { label: 'production', unit: 'user-0' })).releaseNumber).toBe(2);
    clock += 20_000;
    const at25: ResolvedAgent[] = [];
    for (const unit of units) at25.push(await resolver.resolve(agent, { label: 'production', unit }));
    expect(at25[0]?.releaseNumber).toBe(3);
    at10.forEach((before, i) => {
      if (before.arm === 'candidate') expect(at25[i]?.arm).toBe('candidate');
    });
    expect(at25.filter((r) => r.arm === 'candidate').length).toBeGreaterThan(at10.filter((r) => r.arm === 'candidate').length);
  });

  it('refuses a label never set (not found, exit 1) and a malformed label or unit (exit 2)', async () => {
    const resolver = new AgentResolver(conn);
    const missing = await resolver.resolve('triage', { label: 'canary-eu' }).catch((error: unknown) => error);
    expect(missing).toBeInstanceOf(NotFoundError);
    expect((missing as Error).message).toBe('triage has no label canary-eu');
    expect((missing as NotFoundError).exitCode).toBe(1);
    const malformed = await resolver.resolve('triage', { label: 'Production' }).catch((error: unknown) => error);
    expect(malformed).toBeInstanceOf(ValidationError);
    expect((malformed as ValidationError).exitCode).toBe(2);
    await expect(resolver.resolve('triage', { label: 'production', unit: '' })).rejects.toBeInstanceOf(ValidationError);
  });
});

describe('telemetry carries the assignment', () => {
  it('records an execution from the tags and reads the arm back', async () => {
    const resolver = new AgentResolver(conn);
    const recorder = new TelemetryRecorder(conn, { flushOnExit: false });
    const resolved = await resolver.resolve('triage', { label: 'production', unit: 'ticket-7' });
    recorder.recordExecution({ ...resolved.tags, execution_id: 'tagged-1', status: 'succeeded', started_at: new Date() });
    const latest = await resolver.resolve('triage');
    recorder.recordExecution({ ...latest.tags, execution_id: 'tagged-2', status: 'succeeded', started_at: new Date() });
    expect(await recorder.close()).toMatchObject({ inserted: 2, rejected: [] });
    const { rows } = await runQuery(
      conn,
      `SELECT execution_id, agent_version_id, release_label, release_number, arm, assignment_unit
       FROM {{dataset}}.task_executions WHERE STARTS_WITH(execution_id, 'tagged-') ORDER BY execution_id`,
    );
    expect(rows).toEqual([
      {
        execution_id: 'tagged-1',
        agent_version_id: resolved.agentVersionId,
        release_label: 'production',
        release_number: 2,
        arm: assignArm(SALT, 'ticket-7', 50),
        assignment_unit: 'ticket-7',
      },
      {
        execution_id: 'tagged-2',
        agent_version_id: 'triage@3',
        release_label: null,
        release_number: null,
        arm: null,
        assignment_unit: null,
      },
    ]);
  });
});

describe('a label while BigQuery is down', () => {
  it('serves the last good state until maxStalenessMs, then refuses', async () => {
    const emulator = await startEmulator({ projectId: 'labels' });
    const private_ = connect({ projectId: 'labels', datasetId: 'labels', emulatorHost: emulator.host });
    try {
      await initStore(private_, ['agent_configs', 'agent_releases']);
      await seedVersions(private_, 'triage');
      await writeLabelState(private_, 'triage', 'production', { kind: 'release', version: 2 });
      let clock = 1_000_000;
      const resolver = new AgentResolver(private_, { ttlMs: 30_000, maxStalenessMs: 300_000, refreshTimeoutMs: 1000, now: () => clock });
      expect(await resolver.resolve('triage', { label: 'production' })).toMatchObject({ version: 2, source: 'bigquery' });
      await emulator.stop();
      clock += 60_000;
      const stale = await resolver.resolve('triage', { label: 'production' });
      expect(stale).toMatchObject({ version: 2, releaseNumber: 1, source: 'stale', ageMs: 60_000 });
      expect(stale.refreshError).toBeTruthy();
      clock += 300_000;
      await expect(resolver.resolve('triage', { label: 'production' })).rejects.toThrow(
        /cannot resolve triage \(label production\): BigQuery failed/,
      );
    } finally {
      await emulator.stop();
    }
  });
});

describe('ingest carries the assignment too', () => {
  it('writes the release columns of an NDJSON line and refuses a bad arm', async () => {
    const line = (id: string, arm: string) =>
      JSON.stringify({
        execution_id: id,
        agent_id: 'triage',
        agent_version_id: 'triage@2',
        status: 'succeeded',
        started_at: '2026-11-20T10:00:00Z',
        release_label: 'production',
        release_number: 2,
        arm,
        assignment_unit: 'ticket-3',
      });
    const result = await ingestNdjson(
      conn,
      'task_executions',
      Readable.from([line('ing-arm-1', 'candidate'), line('ing-arm-2', 'treatment')]),
    );
    expect(result).toMatchObject({ inserted: 1, badLines: 1 });
    expect(result.badLineDetails[0]?.reason).toMatch(/arm: must be baseline or candidate/);
    const { rows } = await runQuery(
      conn,
      "SELECT release_label, release_number, arm, assignment_unit FROM {{dataset}}.task_executions WHERE execution_id = 'ing-arm-1'",
    );
    expect(rows).toEqual([{ release_label: 'production', release_number: 2, arm: 'candidate', assignment_unit: 'ticket-3' }]);
  });
});

describe('the arm recomputed in SQL (docs/resolver.md)', () => {
  it('gives the bucket assignArm uses', async () => {
    const { rows } = await runQuery(
      conn,
      `SELECT MOD(CAST(CONCAT('0x', TO_HEX(SUBSTR(SHA256(CONCAT(@salt, '\\x00', @unit)), 1, 6))) AS INT64), 10000) AS bucket`,
      { salt: { type: 'STRING', value: 'canary-7f3a' }, unit: { type: 'STRING', value: 'ticket-1042' } },
    );
    expect(rows).toEqual([{ bucket: 1277 }]);
  });
});
