import type { Connection } from '../bigquery/connection.js';
import type { AgentConfig } from '../config/agent-config.js';
import { AgentverError } from '../errors/agentver-error.js';
import { NotFoundError } from '../errors/not-found-error.js';
import { getLatest } from '../store/read-versions.js';
import type { VersionRecord } from '../store/version-record.js';

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

export interface ResolvedAgent {
  agentId: string;
  config: AgentConfig;
  version: number;
  /** Tag every execution, LLM call and grade with this. */
  agentVersionId: string;
  /** When this config was read from BigQuery. */
  fetchedAt: Date;
  /** How old the config is, in ms: at most ttlMs while BigQuery answers, at most maxStalenessMs when it does not. */
  ageMs: number;
  /** 'bigquery': read just now; 'cache': within the TTL; 'stale': BigQuery failed, serving the last good config. */
  source: 'bigquery' | 'cache' | 'stale';
  /** Why the last refresh failed, when source is 'stale'. */
  refreshError?: string;
}

export interface ResolverOptions {
  /** How long a config is served without asking BigQuery again. Default 30 s. */
  ttlMs?: number;
  /** How old a config may get while BigQuery is unreachable before resolve() fails. Default 15 min. */
  maxStalenessMs?: number;
  /** How long a refresh may wait for BigQuery before the cached config is served instead. Default 5 s. */
  refreshTimeoutMs?: number;
  /** Clock, for tests. */
  now?: () => number;
}

interface Entry {
  record: VersionRecord;
  fetchedAt: number;
}

/**
 * Resolves an agent's active config for a runtime, cached in memory. Staleness is explicit and
 * bounded: a config is re-read after `ttlMs`; if BigQuery fails then, the last good config is
 * served (marked `source: 'stale'` with the error) until it is `maxStalenessMs` old, after which
 * resolve() throws rather than run an agent on a config of unknown age. Concurrent resolves of
 * one agent share one query.
 */
export class AgentResolver {
  private readonly cache = new Map<string, Entry>();
  private readonly refreshing = new Map<string, Promise<Entry>>();
  private readonly ttlMs: number;
  private readonly maxStalenessMs: number;
  private readonly refreshTimeoutMs: number;
  private readonly now: () => number;

  constructor(
    private readonly connection: Connection,
    options: ResolverOptions = {},
  ) {
    this.ttlMs = options.ttlMs ?? 30_000;
    this.maxStalenessMs = options.maxStalenessMs ?? 15 * 60_000;
    this.refreshTimeoutMs = options.refreshTimeoutMs ?? 5000;
    this.now = options.now ?? Date.now;
    if (!(this.ttlMs >= 0 && this.maxStalenessMs >= this.ttlMs)) {
      throw new RangeError('AgentResolver needs 0 <= ttlMs <= maxStalenessMs');
    }
  }

  async resolve(agentId: string): Promise<ResolvedAgent> {
    const cached = this.cache.get(agentId);
    const now = this.now();
    if (cached && now - cached.fetchedAt < this.ttlMs) return this.describe(cached, 'cache');
    try {
      return this.describe(await withTimeout(this.refresh(agentId), this.refreshTimeoutMs), 'bigquery');
    } catch (error) {
      // A missing agent is an answer, not an outage: never mask it with a cached config.
      if (error instanceof NotFoundError) {
        this.cache.delete(agentId);
        throw error;
      }
      const reason = error instanceof Error ? error.message : String(error);
      if (cached && this.now() - cached.fetchedAt <= this.maxStalenessMs)
        return { ...this.describe(cached, 'stale'), refreshError: reason };
      throw new AgentverError(
        'backend',
        `cannot resolve ${agentId}: BigQuery failed (${reason})${cached ? ` and the cached config is older than ${this.maxStalenessMs} ms` : ''}`,
        {
          cause: error,
          details: { agentId },
        },
      );
    }
  }

  /** Forgets cached configs (one agent, or all), so the next resolve reads BigQuery. */
  invalidate(agentId?: string): void {
    if (agentId === undefined) this.cache.clear();
    else this.cache.delete(agentId);
  }

  private refresh(agentId: string): Promise<Entry> {
    let pending = this.refreshing.get(agentId);
    if (!pending) {
      pending = getLatest(this.connection, agentId)
        .then((record) => {
          const entry = { record, fetchedAt: this.now() };
          this.cache.set(agentId, entry);
          return entry;
        })
        .finally(() => this.refreshing.delete(agentId));
      this.refreshing.set(agentId, pending);
    }
    return pending;
  }

  private describe(entry: Entry, source: ResolvedAgent['source']): ResolvedAgent {
    return {
      agentId: entry.record.agentId,
      config: entry.record.config,
      version: entry.record.version,
      agentVersionId: entry.record.agentVersionId,
      fetchedAt: new Date(entry.fetchedAt),
      ageMs: this.now() - entry.fetchedAt,
      source,
    };
  }
}
