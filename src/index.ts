// The public surface of agentver: what the CLI calls, and what users import.
export { type Connection, type ConnectOptions, connect } from './bigquery/connection.js';
export { type BigQueryTarget, createBigQuery } from './bigquery/create-bigquery.js';
export { param, type QueryParam, type QueryParams } from './bigquery/query-parameters.js';
export { type QueryResult, runQuery } from './bigquery/run-query.js';
export {
  type AgentConfig,
  type AgentConfigInput,
  agentConfigSchema,
  CONFIG_FIELDS,
  type ConfigField,
  FIELD_GROUPS,
  type FieldGroup,
  type JsonValue,
} from './config/agent-config.js';
export { applyPatch, type ConfigPatch, parseSetValue } from './config/apply-patch.js';
export { type ConfigChange, type EditInput, editChange, parseAssignments } from './config/config-change.js';
export { decodeText, parseConfigDocument } from './config/config-document.js';
export { canonicalJson, contentHash, parseConfig } from './config/parse-config.js';
export { type ConfigFileFormat, serializeConfig } from './config/serialize-config.js';
export { compileDataform } from './dataform/compile-dataform.js';
export { type RunDataformOptions, type RunDataformResult, runDataform } from './dataform/run-dataform.js';
export { buildScheduleConfig, type ScheduleConfig, type ScheduleConfigOptions } from './dataform/schedule-config.js';
export * from './diff/index.js';
export {
  type EmulatorBinary,
  EmulatorUnavailableError,
  emulatorBinaryPath,
  resolveEmulatorBinary,
} from './emulator/emulator-binary.js';
export { type LocalEmulator, type StartEmulatorOptions, startEmulator } from './emulator/local-emulator.js';
export { AgentverError, type ErrorCode, EXIT_CODES } from './errors/agentver-error.js';
export { AlreadyExistsError } from './errors/already-exists-error.js';
export { ConflictError } from './errors/conflict-error.js';
export { LabelUnchangedError, type UnchangedReason } from './errors/label-unchanged-error.js';
export { NoChangesError } from './errors/no-changes-error.js';
export { NotFoundError } from './errors/not-found-error.js';
export { ReleaseConflictError } from './errors/release-conflict-error.js';
export { SecretFoundError } from './errors/secret-found-error.js';
export { type FieldProblem, ValidationError } from './errors/validation-error.js';
export * from './notify/index.js';
export { type AppliedAgent, type ApplyOptions, type ApplyResult, applyPlan } from './plan/apply-plan.js';
export { applyRequestId } from './plan/apply-request-id.js';
export { type ExportedFile, exportAgents } from './plan/export-agents.js';
export { type ExportFile, exportFiles } from './plan/export-files.js';
export { type ConfigFile, type LoadConfigFilesOptions, loadConfigFiles } from './plan/load-config-files.js';
export { planAgents } from './plan/plan-agents.js';
export { type AgentPlan, type BaseVersion, type Plan, type PlanAction, planConfigs } from './plan/plan-configs.js';
export { readPlanFile } from './plan/read-plan-file.js';
export { renderPlan } from './plan/render-plan.js';
export { assignArm, assignmentBucket, BUCKETS } from './releases/assign-arm.js';
export { checkCandidatePercent } from './releases/candidate-percent.js';
export { type ChosenRoute, chooseRoute } from './releases/choose-route.js';
export { getLabelConfig, type LabelConfig, type ServedRoute } from './releases/label-config.js';
export { checkLabelName, LATEST_LABEL } from './releases/label-name.js';
export { type AgentLabels, labelHistory, listLabels } from './releases/list-labels.js';
export type { LabelMoveOptions, ReleaseResult } from './releases/move-label.js';
export { promoteLabel } from './releases/promote-label.js';
export { getCurrentRelease, getReleaseAt, listCurrentReleases, listReleases } from './releases/read-releases.js';
export { type ReleaseLabelRequest, releaseLabel } from './releases/release-label.js';
export { RELEASE_KINDS, type ReleaseKind, type ReleaseRecord, type Route } from './releases/release-record.js';
export { rollbackLabel, rollbackTarget } from './releases/rollback-label.js';
export { type StartCanaryRequest, startCanary } from './releases/start-canary.js';
export { type AgentComparison, type CompareAgentOptions, compareAgent, reportAgent } from './report/compare-agent.js';
export { type AgentReport, buildReport } from './report/engine/build-report.js';
export type { MarginVerdict, MetricComparison, MetricRole, MetricValue, Verdict } from './report/engine/compare-metric.js';
export { type CompareVersionsOptions, compareVersions, type VersionComparison } from './report/engine/compare-versions.js';
export { type ComparisonDecision, decideComparison } from './report/engine/decide-comparison.js';
export { familyLevels } from './report/engine/family-levels.js';
export { GRADE_COLUMNS, gradeColumn, gradeMetrics } from './report/engine/grade-metrics.js';
export { METRICS, type MetricDefinition } from './report/engine/metrics.js';
export { renderReportHtml } from './report/render/render-html.js';
export { renderComparisonMarkdown, renderComparisonText, renderReportText } from './report/render/render-text.js';
export { loadVersionStats, type StatsQuery, type VersionStats } from './report/sql/load-version-stats.js';
export * from './rollout/index.js';
export {
  AgentResolver,
  type ResolvedAgent,
  type ResolveOptions,
  type ResolverOptions,
  type ResolveTags,
} from './runtime/agent-resolver.js';
export { allowedSecretsNote } from './secrets/allowed-secrets-note.js';
export { type AssertNoSecretsOptions, assertNoSecrets } from './secrets/assert-no-secrets.js';
export { renderFindings, type ScannedConfig } from './secrets/render-findings.js';
export { scanAgents } from './secrets/scan-agents.js';
export { type SecretFinding, scanConfigForSecrets } from './secrets/scan-config.js';
export { createAgent, type EditOptions, editAgent, type RollbackOptions, rollbackAgent } from './store/agent-writes.js';
export { blameAgent, type FieldChangeRecord } from './store/blame-agent.js';
export { AGENTVER_TABLES, type InitResult, initStore } from './store/init-store.js';
export {
  type AgentSummary,
  getLatest,
  getLatestVersions,
  getVersion,
  getVersionAt,
  getVersionPair,
  type HistoryOptions,
  listAgents,
  listHistory,
  listVersions,
} from './store/read-versions.js';
export type { VersionRecord, VersionSummary } from './store/version-record.js';
export { type WriteOptions, type WriteRequest, type WriteResult, writeVersion } from './store/write-version.js';
export { type BadLine, type IngestResult, ingestNdjson } from './telemetry/ingest-ndjson.js';
export { type FlushResult, type RecorderOptions, type RejectedRow, TelemetryRecorder } from './telemetry/telemetry-recorder.js';
export { type ExecutionRow, type GradeRow, type LlmCallRow, TELEMETRY_TABLES, type TelemetryTable } from './telemetry/telemetry-rows.js';
export * from './watch/index.js';
