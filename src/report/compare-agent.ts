import type { Connection } from '../bigquery/connection.js';
import { diffConfigs } from '../diff/index.js';
import type { ConfigDiff } from '../diff/types.js';
import { NotFoundError } from '../errors/not-found-error.js';
import { ValidationError } from '../errors/validation-error.js';
import { getLatest, getVersionPair } from '../store/read-versions.js';
import { type AgentReport, buildReport } from './engine/build-report.js';
import { type CompareVersionsOptions, compareVersions, type VersionComparison } from './engine/compare-versions.js';
import { loadVersionStats, type StatsQuery, type VersionStats } from './sql/load-version-stats.js';

export interface CompareAgentOptions extends CompareVersionsOptions {
  /** Baseline version; default: the candidate's parent. */
  from?: number;
  /** Candidate version; default: the latest. */
  to?: number;
  fromDate?: string;
  toDate?: string;
}

export interface AgentComparison {
  agentId: string;
  comparison: VersionComparison;
  /** What changed in the config between the two versions. */
  diff: ConfigDiff;
  /** Set when the candidate is worse: the command that restores the baseline. */
  rollbackCommand: string | null;
}

function emptyStats(agentId: string, version: number): VersionStats {
  return { agentVersionId: `${agentId}@${version}`, version, nRuns: 0, firstRunDate: null, lastRunDate: null, columns: {} };
}

/**
 * Is version `to` better or worse than version `from`? Reads the two configs from agent_configs
 * (`store`) and the two versions' sufficient statistics from the marts (`marts`): two small
 * queries, whatever the number of runs.
 */
export async function compareAgent(
  store: Connection,
  marts: Connection,
  agentId: string,
  options: CompareAgentOptions = {},
): Promise<AgentComparison> {
  let to = options.to;
  let from = options.from;
  if (from !== undefined && from === to) {
    throw new ValidationError([{ field: 'to', rule: `is the same version as from (${from}): nothing to compare` }], 'option');
  }
  if (to === undefined || from === undefined) {
    const latest = await getLatest(store, agentId);
    to ??= latest.version;
    if (from === undefined) {
      if (to === latest.version && latest.parentVersion === null)
        throw new NotFoundError({ agentId, latestVersion: 1, reason: 'has only version 1: nothing to compare it with' });
      from = to === latest.version ? (latest.parentVersion as number) : to - 1;
    }
  }
  const [baselineRecord, candidateRecord] = await getVersionPair(store, agentId, from, to);
  const stats = await loadVersionStats(marts, {
    agentId,
    fromVersion: Math.min(from, to),
    toVersion: Math.max(from, to),
    ...dates(options),
  });
  const byVersion = new Map(stats.map((version) => [version.version, version]));
  const comparison = compareVersions(
    byVersion.get(from) ?? emptyStats(agentId, from),
    byVersion.get(to) ?? emptyStats(agentId, to),
    options,
  );
  return {
    agentId,
    comparison,
    diff: diffConfigs(baselineRecord.config, candidateRecord.config),
    rollbackCommand: comparison.overall === 'worse' ? `agentver rollback ${agentId} --to ${from}` : null,
  };
}

function dates(options: { fromDate?: string; toDate?: string }): Pick<StatsQuery, 'fromDate' | 'toDate'> {
  return { ...(options.fromDate ? { fromDate: options.fromDate } : {}), ...(options.toDate ? { toDate: options.toDate } : {}) };
}

/** Every version of an agent (optionally a version range and a date range), each against the previous. */
export async function reportAgent(
  store: Connection,
  marts: Connection,
  agentId: string,
  filters: Omit<StatsQuery, 'agentId'> = {},
  options: CompareVersionsOptions = {},
): Promise<AgentReport> {
  if (filters.fromVersion !== undefined && filters.toVersion !== undefined && filters.fromVersion > filters.toVersion) {
    throw new ValidationError([{ field: 'fromVersion', rule: `${filters.fromVersion} is after toVersion ${filters.toVersion}` }], 'option');
  }
  await getLatest(store, agentId); // an unknown agent is "not found", not an empty report
  const stats = await loadVersionStats(marts, { agentId, ...filters });
  return buildReport(agentId, filters, stats, options);
}
