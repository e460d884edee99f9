import type { Connection } from '../bigquery/connection.js';
import { param } from '../bigquery/query-parameters.js';
import { runQuery } from '../bigquery/run-query.js';
import type { AgentConfig } from '../config/agent-config.js';
import { AgentverError } from '../errors/agentver-error.js';
import { NotFoundError } from '../errors/not-found-error.js';
import { ValidationError } from '../errors/validation-error.js';
import type { Arm } from '../releases/assign-arm.js';
import { chooseRoute } from '../releases/choose-route.js';
import { checkLabelName, LATEST_LABEL } from '../releases/label-name.js';
import { getCurrentRelease } from '../releases/read-releases.js';
import type { ReleaseRecord } from '../releases/release-record.js';
import { getLatest } from '../store/read-versions.js';
import { toVersionRecord, VERSION_COLUMNS, type VersionRecord } from '../store/version-record.js';

// A runtime must not hang on an unreachable BigQuery (the client retries for tens of seconds):
// past the timeout the cached config is served, marked stale, while the refresh goes on.
function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer from BigQuery within ${ms} ms`)), ms);
    timer.unref();
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

/** The task_executions columns a resolve fills: spread them into recordExecution({ ...resolved.tags, … }). */
export interface ResolveTags {
  agent_id: string;
  agent_version_id: string;
  /** The label resolved; null for `latest` (as on runs resolved before labels existed). */
  release_label: string | null;
  release_number: number | null;
  arm: Arm | null;
  /**
   * The unit passed (hashed to the arm in a canary; kept outside one, so that a later canary knows
   * each unit's history); null without one, and for a canary call without one.
   */
  assignment_unit: string | null;
}

export interface ResolvedAgent {
  agentId: string;
  config: AgentConfig;
  version: number;
  /** Tag every execution, LLM call and grade with this. */
  agentVersionId: string;
  /** The label served: 'latest' when none was asked for. */
  label: string;
  /** The label's state (agent_releases.release_number) that chose the version; null for 'latest'. */
  releaseNumber: number | null;
  /** The canary arm this call is in; null outside a canary. */
  arm: Arm | null;
  /** The telemetry columns of this resolve, to spread into a recorded execution. */
  tags: ResolveTags;
  /** When this config (or the label's state) was read from BigQuery. */
  fetchedAt: Date;
  /** How old the config is, in ms: at most ttlMs while BigQuery answers, at most maxStalenessMs when it does not. */
  ageMs: number;
  /** 'bigquery': read just now; 'cache': within the TTL; 'stale': BigQuery failed, serving the last good config. */
  source: 'bigquery' | 'cache' | 'stale';
  /** Why the last refresh failed, when source is 'stale'. */
  refreshError?: string;
}

export interface ResolveOptions {
  /** The label to serve (e.g. 'production'); default 'latest', the newest version. */
  label?: string;
  /**
   * What a canary splits by (a ticket, a user, a session): the same unit gets the same arm in
   * every process and across a ramp. Recorded as `assignment_unit` in a release too, so a later
   * canary can adjust by each unit's history (CUPED). Without one, each call in a canary is
   * assigned at random and `assignment_unit` is null.
   */
  unit?: string;
}

export interface ResolverOptions {
  /** How long a config (or a label's state) is served without asking BigQuery again. Default 30 s. */
  ttlMs?: number;
  /** How old a config may get while BigQuery is unreachable before resolve() fails. Default 15 min. */
  maxStalenessMs?: number;
  /** How long a refresh may wait for BigQuery before the cached config is served instead. Default 5 s. */
  refreshTimeoutMs?: number;
  /** How many version configs to keep (they never change, so they are kept without expiry). Default 1000. */
  maxCachedVersions?: number;
  /** Clock, for tests. */
  now?: () => number;
}

interface Entry<T> {
  value: T;
  fetchedAt: number;
}

/** A label's state with the config of every version it routes to, so a cache hit needs no query. */
interface LabelState {
  release: ReleaseRecord;
  configs: ReadonlyMap<number, VersionRecord>;
}

const MAX_UNIT_LENGTH = 200;

/**
 * Resolves an agent's active config for a runtime, cached in memory: the newest version
 * (`resolve(agentId)`, the built-in label `latest`), or what a label serves
 * (`resolve(agentId, { label: 'production', unit: ticketId })`). In a canary the unit's arm is
 * sticky (chooseRoute, assignArm); without a unit each call is assigned at random.
 *
 * Staleness is explicit and bounded, for the newest version and for a label's state alike: it
 * is re-read after `ttlMs`; if BigQuery fails then, the last good state is served (marked
 * `source: 'stale'` with the error) until it is `maxStalenessMs` old, after which resolve()
 * throws rather than run an agent on a config of unknown age. Concurrent resolves of one agent
 * and label share one query. Version configs never change, so they are cached by version
 * without expiry: a label refresh reads only the label's row, and the versions it has not seen.
 */
export class AgentResolver {
  private readonly cache = new Map<string, Entry<VersionRecord | LabelState>>();
  private readonly refreshing = new Map<string, Promise<Entry<VersionRecord | LabelState>>>();
  private readonly versions = new Map<string, VersionRecord>();
  private readonly ttlMs: number;
  private readonly maxStalenessMs: number;
  private readonly refreshTimeoutMs: number;
  private readonly maxCachedVersions: number;
  private readonly now: () => number;

  constructor(
    private readonly connection: Connection,
    options: ResolverOptions = {},
  ) {
    this.ttlMs = options.ttlMs ?? 30_000;
    this.maxStalenessMs = options.maxStalenessMs ?? 15 * 60_000;
    this.refreshTimeoutMs = options.refreshTimeoutMs ?? 5000;
    this.maxCachedVersions = options.maxCachedVersions ?? 1000;
    this.now = options.now ?? Date.now;
    if (!(this.ttlMs >= 0 && this.maxStalenessMs >= this.ttlMs)) {
      throw new RangeError('AgentResolver needs 0 <= ttlMs <= maxStalenessMs');
    }
  }

  async resolve(agentId: string, options: ResolveOptions = {}): Promise<ResolvedAgent> {
    const { label = LATEST_LABEL, unit } = options;
    if (unit !== undefined && (typeof unit !== 'string' || unit.length === 0 || unit.length > MAX_UNIT_LENGTH)) {
      throw new ValidationError(
        [{ field: 'unit', rule: `must be a non-empty string of at most ${MAX_UNIT_LENGTH} characters` }],
        'resolve',
      );
    }
    // The newest version keeps the agent id as its key, as before labels existed.
    const key = label === LATEST_LABEL ? agentId : `${agentId}\u0000${label}`;
    const cached = this.cache.get(key);
    if (cached && this.now() - cached.fetchedAt < this.ttlMs) return this.describe(label, cached, unit, 'cache');
    if (label !== LATEST_LABEL) checkLabelName(label);
    try {
      return this.describe(label, await withTimeout(this.refresh(key, agentId, label), this.refreshTimeoutMs), unit, 'bigquery');
    } catch (error) {
      // A missing agent or label is an answer, not an outage: never mask it with a cached config.
      if (error instanceof NotFoundError) {
        this.cache.delete(key);
        throw error;
      }
      const reason = error instanceof Error ? error.message : String(error);
      if (cached && this.now() - cached.fetchedAt <= this.maxStalenessMs)
        return { ...this.describe(label, cached, unit, 'stale'), refreshError: reason };
      const what = label === LATEST_LABEL ? agentId : `${agentId} (label ${label})`;
      throw new AgentverError(
        'backend',
        `cannot resolve ${what}: BigQuery failed (${reason})${cached ? ` and the cached config is older than ${this.maxStalenessMs} ms` : ''}`,
        { cause: error, details: { agentId, label } },
      );
    }
  }

  /** Forgets the cached newest versions and label states (one agent's, or all), so the next resolve reads BigQuery. */
  invalidate(agentId?: string): void {
    if (agentId === undefined) {
      this.cache.clear();
      return;
    }
    for (const key of this.cache.keys()) if (key === agentId || key.startsWith(`${agentId}\u0000`)) this.cache.delete(key);
  }

  private refresh(key: string, agentId: string, label: string): Promise<Entry<VersionRecord | LabelState>> {
    let pending = this.refreshing.get(key);
    if (!pending) {
      const load = label === LATEST_LABEL ? getLatest(this.connection, agentId) : this.loadLabel(agentId, label);
      pending = load
        .then((value) => {
          const entry = { value, fetchedAt: this.now() };
          this.cache.set(key, entry);
          return entry;
        })
        .finally(() => this.refreshing.delete(key));
      this.refreshing.set(key, pending);
    }
    return pending;
  }

  private async loadLabel(agentId: string, label: string): Promise<LabelState> {
    const release = await getCurrentRelease(this.connection, agentId, label);
    if (!release) {
      throw new NotFoundError({
        agentId,
        label,
        reason: `has no label ${label}`,
        hint: `Point it at a version with agentver release ${agentId} <version> --label ${label}`,
      });
    }
    const routed = release.routes.map((route) => route.version);
    const missing = routed.filter((version) => !this.versions.has(`${agentId}@${version}`));
    if (missing.length > 0) {
      // A state routes to at most two versions, baseline and candidate; a NULL candidate is cast
      // because the emulator types a NULL parameter INT64 only by accident.
      const { rows } = await runQuery(
        this.connection,
        `SELECT ${VERSION_COLUMNS} FROM {{dataset}}.agent_configs
         WHERE agent_id = @agent_id AND version IN (@version, CAST(@candidate_version AS INT64))`,
        {
          agent_id: param.string(agentId),
          version: param.int64(release.version),
          candidate_version: param.int64(release.candidateVersion),
        },
      );
      for (const row of rows) this.remember(toVersionRecord(row));
    }
    const configs = new Map<number, VersionRecord>();
    for (const version of routed) {
      const record = this.versions.get(`${agentId}@${version}`);
      // The writer refuses a release of a version that does not exist and versions are never deleted.
      if (!record)
        throw new NotFoundError({ agentId, version, reason: `label ${label} routes to version ${version}, which does not exist` });
      configs.set(version, record);
    }
    return { release, configs };
  }

  private remember(record: VersionRecord): void {
    this.versions.delete(record.agentVersionId);
    this.versions.set(record.agentVersionId, record);
    // A Map iterates in insertion order: the first key is the least recently stored.
    if (this.versions.size > this.maxCachedVersions) this.versions.delete(this.versions.keys().next().value as string);
  }

  private describe(
    label: string,
    entry: Entry<VersionRecord | LabelState>,
    unit: string | undefined,
    source: ResolvedAgent['source'],
  ): ResolvedAgent {
    let record: VersionRecord;
    let releaseNumber: number | null = null;
    let arm: Arm | null = null;
    let assignmentUnit: string | null = null;
    if ('release' in entry.value) {
      const { release, configs } = entry.value;
      const route = chooseRoute(release, unit);
      record = configs.get(route.version) as VersionRecord;
      releaseNumber = release.releaseNumber;
      arm = route.arm;
      assignmentUnit = route.assignmentUnit;
    } else record = entry.value;
    // Outside a canary the unit is still recorded: a canary's CUPED reads each unit's runs before it began.
    if (assignmentUnit === null && unit !== undefined && arm === null) assignmentUnit = unit;
    return {
      agentId: record.agentId,
      config: record.config,
      version: record.version,
      agentVersionId: record.agentVersionId,
      label,
      releaseNumber,
      arm,
      tags: {
        agent_id: record.agentId,
        agent_version_id: record.agentVersionId,
        release_label: label === LATEST_LABEL ? null : label,
        release_number: releaseNumber,
        arm,
        assignment_unit: assignmentUnit,
      },
      fetchedAt: new Date(entry.fetchedAt),
      ageMs: this.now() - entry.fetchedAt,
      source,
    };
  }
}
