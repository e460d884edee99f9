export { toAgentverError } from '../errors/to-agentver-error.js';

/**
 * Everything the web page needs from the library, in one place: the page calls nothing else, so
 * when the store, diff or report modules move, only this file follows them. Each method is at
 * most one or two BigQuery jobs, so a page view stays within three queries.
 */
import type { Connection } from '../bigquery/connection.js';
import { param } from '../bigquery/query-parameters.js';
import { runQuery } from '../bigquery/run-query.js';
import { agentIdSchema, CONFIG_FIELDS, type ConfigField } from '../config/agent-config.js';
import { diffConfigs } from '../diff/diff-configs.js';
import { formatValue, isPlaceholder } from '../diff/format-value.js';
import { groupChanges } from '../diff/group-changes.js';
import type { ConfigDiff, FieldChange } from '../diff/types.js';
import { type WordLine, wordLines } from '../diff/word-lines.js';
import { AgentverError } from '../errors/agentver-error.js';
import { ConflictError } from '../errors/conflict-error.js';
import { NotFoundError } from '../errors/not-found-error.js';
import { ValidationError } from '../errors/validation-error.js';
import { type AgentLabels, labelHistory, listLabels } from '../releases/list-labels.js';
import type { ReleaseResult } from '../releases/move-label.js';
import { promoteLabel } from '../releases/promote-label.js';
import { listReleases } from '../releases/read-releases.js';
import { releaseLabel } from '../releases/release-label.js';
import { type ReleaseRecord, type Route, releaseRoutes } from '../releases/release-record.js';
import { rollbackLabel, rollbackTarget } from '../releases/rollback-label.js';
import { startCanary } from '../releases/start-canary.js';
import { type AgentReport, buildReport } from '../report/engine/build-report.js';
import type { CompareVersionsOptions } from '../report/engine/compare-versions.js';
import { renderReportHtml } from '../report/render/render-html.js';
import { loadVersionStats, type StatsQuery } from '../report/sql/load-version-stats.js';
import type { RolloutDecision } from '../rollout/decide-rollout.js';
import type { RolloutPolicyInput } from '../rollout/rollout-policy.js';
import { rollbackAgent } from '../store/agent-writes.js';
import { blameAgent, type FieldChangeRecord } from '../store/blame-agent.js';
import { getLatest, getVersionPair } from '../store/read-versions.js';
import { SUMMARY_COLUMNS, toVersionSummary, type VersionRecord, type VersionSummary } from '../store/version-record.js';
import type { WriteResult } from '../store/write-version.js';
import { type CanaryEvaluation, evaluateCanaries } from '../watch/watch-canaries.js';

export type {
  AgentLabels,
  AgentReport,
  CanaryEvaluation,
  ConfigDiff,
  ConfigField,
  FieldChange,
  FieldChangeRecord,
  ReleaseRecord,
  ReleaseResult,
  RolloutDecision,
  Route,
  VersionRecord,
  VersionSummary,
  WordLine,
  WriteResult,
};
export {
  AgentverError,
  CONFIG_FIELDS,
  ConflictError,
  diffConfigs,
  formatValue,
  groupChanges,
  isPlaceholder,
  releaseRoutes,
  rollbackTarget,
  ValidationError,
  wordLines,
};

export interface AgentRow {
  agentId: string;
  latestVersion: number;
  name: string;
  model: string;
  author: string;
  changeMessage: string;
  createdAt: string;
  rollbackTo: number | null;
}

export interface HistoryPage {
  versions: VersionSummary[];
  /** The highest version: what is served now, and (versions have no gaps) how many there are. */
  latestVersion: number;
  /** The `before` of the next (older) page, when there is one. */
  olderBefore: number | null;
}

export interface MetricsView {
  report: AgentReport;
  /** The report as HTML sections (comparison, charts, table), already escaped by src/report. */
  sectionsHtml: string;
  /** The canary in which the compared versions ran side by side as its arms, when they did. */
  canary: CanaryArms | null;
}

/** Two versions that ran as a canary's arms: the label, its state, and the newest watch decision with per-arm evidence. */
export interface CanaryArms {
  label: string;
  releaseNumber: number;
  baseline: number;
  candidate: number;
  decision: LabelDecision | null;
}

/** Said instead of the before/after caution when the compared versions also ran as a canary's arms. */
export const CANARY_NOTE = (label: string) =>
  `These versions also ran side by side as the arms of a canary on ${label}: its per-arm comparison (randomized, the same days) is the causal answer, above; the before/after numbers below are confounded by time.`;

/** The last decision watch wrote for a label (release_decisions), with the evidence it printed. */
export interface LabelDecision {
  label: string;
  decidedAt: string;
  requestId: string;
  releaseNumber: number;
  decision: string;
  reason: string;
  applied: boolean;
  applyNote: string;
  method: string;
  author: string;
  /** The RolloutDecision watch decided on (units, runs, strata, metrics), null when unreadable. */
  evidence: RolloutDecision | null;
  /** The caps of the capped means, from the look. */
  caps: Record<string, number | null> | null;
}

/** A label move from the page: which one, and what it needs. */
export type LabelAction =
  | { kind: 'rollback' | 'promote' }
  | { kind: 'release'; version: number }
  | { kind: 'stop'; version: number }
  | { kind: 'canary'; version: number; percent: number; policy?: RolloutPolicyInput };

export interface UiBackend {
  listAgents(search: string): Promise<AgentRow[]>;
  historyPage(agentId: string, options: { before?: number; size: number }): Promise<HistoryPage>;
  versionPair(agentId: string, a: number, b: number): Promise<[VersionRecord, VersionRecord]>;
  latest(agentId: string): Promise<VersionRecord>;
  blame(agentId: string, field?: string): Promise<FieldChangeRecord[]>;
  metrics(agentId: string, filters: Omit<StatsQuery, 'agentId'>, options?: CompareVersionsOptions): Promise<MetricsView>;
  rollback(
    agentId: string,
    to: number,
    options: { expectedVersion: number; author: string; message?: string; requestId?: string },
  ): Promise<WriteResult>;
  /** Every label's current state and the version `latest` serves. */
  labels(agentId: string): Promise<AgentLabels>;
  /** A label's states, newest first. */
  labelHistory(agentId: string, label: string): Promise<ReleaseRecord[]>;
  /** The newest release_decisions row of each label of the agent (none before watch ran, or before init made the table). */
  lastDecisions(agentId: string): Promise<Map<string, LabelDecision>>;
  /** A running canary looked at now, as watch would, writing nothing; null when the label runs no canary. */
  lookNow(agentId: string, label: string): Promise<CanaryEvaluation | null>;
  /** When canary_stratum_metrics (what watch reads) was last built; null when never. */
  martsBuiltAt(): Promise<string | null>;
  /**
   * The canary in which `baseline` and `candidate` ran side by side as its arms (the newest such,
   * on any label), with its newest watch decision; null when they never did.
   */
  canaryOf(
    agentId: string,
    baseline: number,
    candidate: number,
  ): Promise<{ label: string; releaseNumber: number; decision: LabelDecision | null } | null>;
  /** Moves a label as a compare-and-swap on `expectedRelease`. */
  moveLabel(
    agentId: string,
    label: string,
    action: LabelAction,
    options: { expectedRelease: number; author: string; message?: string; requestId?: string },
  ): Promise<ReleaseResult>;
}

export interface BackendConnections {
  /** agent_configs' dataset (what every command uses). */
  store: () => Promise<Connection>;
  /** The Dataform marts' dataset, for metrics. */
  marts: () => Promise<Connection>;
}

function checkAgentId(agentId: string): void {
  const result = agentIdSchema.safeParse(agentId);
  if (!result.success) throw ValidationError.fromZod(result.error, 'agent id', ['agent_id']);
}

/**
 * The report's sections without its page shell: the page has its own header, stylesheet and CSP.
 * (When src/report exports its section renderers, call them here instead.)
 */
function reportSections(document: string): string {
  const body = document.slice(document.indexOf('<body>') + '<body>'.length, document.lastIndexOf('</body>'));
  return body.replace(/<h1>[\s\S]*?<\/h1>\n?/, '');
}

/** The report's stylesheet, served as a file, since the page's CSP allows no inline style. */
export function reportStylesheet(): string {
  const sample = renderReportHtml({
    title: '',
    report: { agentId: '', filters: {}, metrics: [], versions: [], comparisons: [], confidence: 0.95, caveat: '' },
  });
  const css = sample.slice(sample.indexOf('<style>') + '<style>'.length, sample.indexOf('</style>'));
  // The report is a page of its own; here it sits inside the page's layout.
  return css.replace(/^body \{[^}]*\}$/m, '');
}

/** The release_decisions columns a LabelDecision is read from (toLabelDecision). */
const DECISION_COLUMNS =
  'label, decided_at, request_id, release_number, decision, reason, applied, apply_note, method, author, TO_JSON_STRING(evidence) AS evidence';

/** A release_decisions row as the page shows it; unreadable evidence is shown as none. */
function toLabelDecision(row: Record<string, unknown>): LabelDecision {
  let evidence: { decision?: RolloutDecision; look?: { caps?: Record<string, number | null> } } = {};
  try {
    evidence = JSON.parse(row.evidence as string);
  } catch {
    evidence = {};
  }
  return {
    label: row.label as string,
    decidedAt: row.decided_at as string,
    requestId: row.request_id as string,
    releaseNumber: row.release_number as number,
    decision: row.decision as string,
    reason: row.reason as string,
    applied: row.applied as boolean,
    applyNote: (row.apply_note as string | null) ?? '',
    method: row.method as string,
    author: row.author as string,
    evidence: evidence.decision ?? null,
    caps: evidence.look?.caps ?? null,
  };
}

export function createBackend(connections: BackendConnections): UiBackend {
  return {
    /**
     * Every agent's latest row, with the message of its last change (listAgents has no message yet).
     * SELECT agent_id, version, … FROM {{dataset}}.agent_configs WHERE is_latest AND … ORDER BY agent_id
     */
    async listAgents(search) {
      const { rows } = await runQuery(
        await connections.store(),
        `SELECT agent_id, version, name, model, author, change_message, created_at, rollback_to
         FROM {{dataset}}.agent_configs
         WHERE is_latest AND agent_id != '' AND (@search = '' OR STRPOS(LOWER(agent_id), LOWER(@search)) > 0)
         ORDER BY agent_id`,
        { search: param.string(search.trim()) },
      );
      return rows.map((row) => ({
        agentId: row.agent_id as string,
        latestVersion: row.version as number,
        name: row.name as string,
        model: row.model as string,
        author: row.author as string,
        changeMessage: row.change_message as string,
        createdAt: row.created_at as string,
        rollbackTo: (row.rollback_to as number | null) ?? null,
      }));
    },

    /**
     * One page of history, newest first, keyset-paginated on version (the clustering key), with
     * the latest version from a window over the same read, and its row always kept, so a page
     * out of range is told from an unknown agent: one query per page, whatever the page.
     * (listHistory has no keyset yet.)
     * SELECT * FROM (SELECT …, MAX(version) OVER () AS latest_version FROM {{dataset}}.agent_configs
     *   WHERE agent_id = @agent_id) WHERE version < @before OR version = latest_version
     *   ORDER BY version DESC LIMIT @size + 1
     */
    async historyPage(agentId, { before, size }) {
      checkAgentId(agentId);
      const { rows } = await runQuery(
        await connections.store(),
        `SELECT * FROM (
           SELECT ${SUMMARY_COLUMNS}, MAX(version) OVER () AS latest_version
           FROM {{dataset}}.agent_configs WHERE agent_id = @agent_id AND version > 0)
         WHERE version < @before OR version = latest_version ORDER BY version DESC LIMIT @size`,
        { agent_id: param.string(agentId), before: param.int64(before ?? Number.MAX_SAFE_INTEGER), size: param.int64(size + 1) },
      );
      const first = rows[0];
      if (!first) throw new NotFoundError({ agentId });
      const latestVersion = first.latest_version as number;
      // Versions run 1..N without gaps: a page lists those before `before`, so 2..N+1 each list some.
      if (before !== undefined && (before < 2 || before > latestVersion + 1)) {
        const rule = `must be from 2 to ${latestVersion + 1}: the page lists the versions before it, and the latest is @${latestVersion}`;
        throw new ValidationError([{ field: 'before', rule }], 'page');
      }
      const versions = rows
        .map(toVersionSummary)
        .filter((version) => before === undefined || version.version < before)
        .slice(0, size);
      const oldest = versions.at(-1)?.version ?? 1;
      return { versions, latestVersion, olderBefore: oldest > 1 ? oldest : null };
    },

    async versionPair(agentId, a, b) {
      return getVersionPair(await connections.store(), agentId, a, b);
    },

    async latest(agentId) {
      return getLatest(await connections.store(), agentId);
    },

    async blame(agentId, field) {
      return blameAgent(await connections.store(), agentId, field);
    },

    /**
     * reportAgent's steps, with the versions asked for checked against the latest one it reads
     * anyway: a range past the latest is "no version 99", not an empty report, and no query more
     * than reportAgent made (the agent's latest row, its versions' sums, their grade metrics' sums).
     */
    async metrics(agentId, filters, options = {}) {
      checkAgentId(agentId);
      const latest = await getLatest(await connections.store(), agentId);
      for (const field of ['fromVersion', 'toVersion'] as const) {
        const version = filters[field];
        if (version !== undefined && version > latest.version) {
          throw new NotFoundError({
            agentId,
            version,
            latestVersion: latest.version,
            hint: `Pick ${field} from 1 to ${latest.version}, or leave it empty.`,
          });
        }
      }
      const report = buildReport(agentId, filters, await loadVersionStats(await connections.marts(), { agentId, ...filters }), options);
      const last = report.comparisons.at(-1);
      const pair = last ? { baseline: last.baseline.version, candidate: last.candidate.version } : null;
      const found = pair ? await this.canaryOf(agentId, pair.baseline, pair.candidate) : null;
      const canary = found && pair ? { ...found, ...pair } : null;
      // A canary's arms ran on the same days: the time caution is replaced by a pointer to them.
      const note = canary ? CANARY_NOTE(canary.label) : null;
      const shown = note ? { ...report, caveat: note } : report;
      const comparison = last && note ? { ...last, caveat: note } : last;
      const document = renderReportHtml({ title: agentId, report: shown, ...(comparison ? { comparison } : {}) });
      return { report, sectionsHtml: reportSections(document), canary };
    },

    async labels(agentId) {
      return listLabels(await connections.store(), agentId);
    },

    async labelHistory(agentId, label) {
      return labelHistory(await connections.store(), agentId, label);
    },

    /**
     * The newest decision row per label, one query.
     * SELECT … FROM {{dataset}}.release_decisions WHERE agent_id = @agent_id QUALIFY ROW_NUMBER() OVER (PARTITION BY label …) = 1
     */
    async lastDecisions(agentId) {
      checkAgentId(agentId);
      let rows: Record<string, unknown>[];
      try {
        ({ rows } = await runQuery(
          await connections.store(),
          `SELECT ${DECISION_COLUMNS}
           FROM {{dataset}}.release_decisions WHERE agent_id = @agent_id
           QUALIFY ROW_NUMBER() OVER (PARTITION BY label ORDER BY decided_at DESC, applied DESC) = 1`,
          { agent_id: param.string(agentId) },
        ));
      } catch (error) {
        // A dataset made before watch existed has no release_decisions: no decision yet.
        if (/release_decisions/.test((error as Error).message) && /not found|does not exist/i.test((error as Error).message))
          return new Map();
        throw error;
      }
      return new Map(rows.map((row) => [row.label as string, toLabelDecision(row)]));
    },

    /**
     * The canary states that served the pair (agent_releases, small), then the newest decision on
     * any of them: two queries.
     */
    async canaryOf(agentId, baseline, candidate) {
      const connection = await connections.store();
      const states = (await listReleases(connection, agentId, null)).filter(
        (r) => r.kind === 'canary' && r.version === baseline && r.candidateVersion === candidate,
      );
      const newest = states.sort((a, b) => b.createdAt.localeCompare(a.createdAt))[0];
      if (!newest) return null;
      const numbers = states.filter((r) => r.label === newest.label).map((r) => r.releaseNumber);
      let decision: LabelDecision | null = null;
      try {
        const { rows } = await runQuery(
          connection,
          `SELECT ${DECISION_COLUMNS}
           FROM {{dataset}}.release_decisions
           WHERE agent_id = @agent_id AND label = @label AND CAST(release_number AS STRING) IN UNNEST(@numbers)
           ORDER BY decided_at DESC, applied DESC LIMIT 1`,
          { agent_id: param.string(agentId), label: param.string(newest.label), numbers: param.stringArray(numbers.map(String)) },
        );
        decision = rows[0] ? toLabelDecision(rows[0]) : null;
      } catch (error) {
        if (!/release_decisions/.test((error as Error).message)) throw error;
      }
      return { label: newest.label, releaseNumber: newest.releaseNumber, decision };
    },

    async lookNow(agentId, label) {
      const [evaluation] = await evaluateCanaries(await connections.store(), await connections.marts(), { agentId, label });
      return evaluation ?? null;
    },

    async martsBuiltAt() {
      const marts = await connections.marts();
      try {
        const [metadata] = await marts.bigquery.dataset(marts.datasetId).table('canary_stratum_metrics').getMetadata();
        const ms = Number(metadata.lastModifiedTime ?? metadata.creationTime);
        return Number.isFinite(ms) && ms > 0 ? new Date(ms).toISOString() : null;
      } catch {
        return null;
      }
    },

    async moveLabel(agentId, label, action, { expectedRelease, author, message, requestId }) {
      const connection = await connections.store();
      const request = { agentId, label, author, expectedRelease, ...(message ? { message } : {}), ...(requestId ? { requestId } : {}) };
      switch (action.kind) {
        case 'rollback':
          return rollbackLabel(connection, request);
        case 'promote':
          return promoteLabel(connection, request);
        case 'release':
          return releaseLabel(connection, { ...request, version: action.version });
        case 'stop':
          return releaseLabel(connection, {
            ...request,
            version: action.version,
            message: message ?? `stop the canary: version ${action.version} at 100%`,
          });
        case 'canary':
          return startCanary(connection, {
            ...request,
            version: action.version,
            percent: action.percent,
            ...(action.policy ? { policy: action.policy } : {}),
          });
      }
    },

    async rollback(agentId, to, { expectedVersion, author, message, requestId }) {
      return rollbackAgent(await connections.store(), agentId, to, {
        author,
        expectedVersion,
        ...(message ? { message } : {}),
        ...(requestId ? { requestId } : {}),
      });
    },
  };
}

/** The diff from one version to another, as the CLI computes it. */
export function diffVersions(from: VersionRecord, to: VersionRecord): ConfigDiff {
  return diffConfigs(from.config, to.config);
}

export const isConfigField = (field: string): field is ConfigField => CONFIG_FIELDS.includes(field as ConfigField);
