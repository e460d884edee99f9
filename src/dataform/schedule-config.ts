import { ValidationError } from '../errors/validation-error.js';
/**
 * The two Dataform API (v1beta1) resources that schedule the models in GCP: a release
 * configuration, which compiles the repository on a cron schedule with agentver's datasets and
 * vars, and a workflow configuration, which runs the latest compilation on its own cron schedule.
 * Pure: send them with `gcloud`, Terraform (google_dataform_repository_release_config /
 * google_dataform_repository_workflow_config) or the REST API:
 *   POST https://dataform.googleapis.com/v1beta1/{parent}/releaseConfigs?releaseConfigId={id}
 *   POST https://dataform.googleapis.com/v1beta1/{parent}/workflowConfigs?workflowConfigId={id}
 * See https://cloud.google.com/dataform/reference/rest/v1beta1/projects.locations.repositories.releaseConfigs
 */
export interface ScheduleConfigOptions {
  projectId: string;
  /** Region of the Dataform repository, e.g. us-central1. */
  location: string;
  /** Dataform repository id. */
  repository: string;
  /** When the workflow runs, in cron syntax, e.g. '0 * * * *'. */
  cron: string;
  /** IANA time zone of both schedules; UTC by default. */
  timeZone?: string;
  /** Branch, tag or commit to compile; 'main' by default. */
  gitCommitish?: string;
  /** When the release compiles; by default the workflow's cron (a run uses the latest compilation). */
  releaseCron?: string;
  /** Compilation overrides of workflow_settings.yaml. */
  defaultDatabase?: string;
  defaultSchema?: string;
  assertionSchema?: string;
  defaultLocation?: string;
  /** e.g. { raw_dataset: 'agentver', lookback_days: '3' } */
  vars?: Record<string, string>;
  /** Service account the workflow runs as (required for new repositories). */
  serviceAccount?: string;
  /** Rebuild incremental tables on every scheduled run; false by default. */
  fullRefresh?: boolean;
  releaseConfigId?: string;
  workflowConfigId?: string;
}

export interface ReleaseConfig {
  name: string;
  gitCommitish: string;
  codeCompilationConfig: {
    defaultDatabase?: string;
    defaultSchema?: string;
    defaultLocation?: string;
    assertionSchema?: string;
    vars?: Record<string, string>;
  };
  cronSchedule: string;
  timeZone: string;
}

export interface WorkflowConfig {
  name: string;
  releaseConfig: string;
  invocationConfig: {
    fullyRefreshIncrementalTablesEnabled: boolean;
    transitiveDependenciesIncluded: boolean;
    serviceAccount?: string;
  };
  cronSchedule: string;
  timeZone: string;
}

export interface ScheduleConfig {
  /** projects/{project}/locations/{location}/repositories/{repository}: where both are created. */
  parent: string;
  releaseConfigId: string;
  workflowConfigId: string;
  releaseConfig: ReleaseConfig;
  workflowConfig: WorkflowConfig;
}

const RESOURCE_ID = /^[a-z][a-z0-9_-]{0,62}$/i;
const CRON_FIELDS = 5;

/**
 * @example
 * buildScheduleConfig({ projectId: 'acme', location: 'us-central1', repository: 'agentver', cron: '15 * * * *' })
 * // { parent: 'projects/acme/locations/us-central1/repositories/agentver',
 * //   releaseConfig: { name: '…/releaseConfigs/agentver-models', gitCommitish: 'main', cronSchedule: '15 * * * *', timeZone: 'UTC', codeCompilationConfig: {} },
 * //   workflowConfig: { name: '…/workflowConfigs/agentver-models', releaseConfig: '…/releaseConfigs/agentver-models', cronSchedule: '15 * * * *', … } }
 */
export function buildScheduleConfig(options: ScheduleConfigOptions): ScheduleConfig {
  const releaseConfigId = options.releaseConfigId ?? 'agentver-models';
  const workflowConfigId = options.workflowConfigId ?? 'agentver-models';
  for (const [field, value] of Object.entries({
    projectId: options.projectId,
    location: options.location,
    repository: options.repository,
    releaseConfigId,
    workflowConfigId,
  })) {
    if (!RESOURCE_ID.test(value))
      throw new ValidationError([{ field, rule: `must be a resource id (letters, digits, - and _), got "${value}"` }], 'schedule');
  }
  for (const [field, value] of Object.entries({ cron: options.cron, releaseCron: options.releaseCron })) {
    if (value !== undefined && value.trim().split(/\s+/).length !== CRON_FIELDS) {
      throw new ValidationError([{ field, rule: `must have 5 cron fields (minute hour day month weekday), got "${value}"` }], 'schedule');
    }
  }
  const parent = `projects/${options.projectId}/locations/${options.location}/repositories/${options.repository}`;
  const timeZone = options.timeZone ?? 'UTC';
  const compilation: ReleaseConfig['codeCompilationConfig'] = {};
  if (options.defaultDatabase) compilation.defaultDatabase = options.defaultDatabase;
  if (options.defaultSchema) compilation.defaultSchema = options.defaultSchema;
  if (options.defaultLocation) compilation.defaultLocation = options.defaultLocation;
  if (options.assertionSchema) compilation.assertionSchema = options.assertionSchema;
  if (options.vars && Object.keys(options.vars).length) compilation.vars = { ...options.vars };
  const releaseConfig: ReleaseConfig = {
    name: `${parent}/releaseConfigs/${releaseConfigId}`,
    gitCommitish: options.gitCommitish ?? 'main',
    codeCompilationConfig: compilation,
    cronSchedule: options.releaseCron ?? options.cron,
    timeZone,
  };
  const workflowConfig: WorkflowConfig = {
    name: `${parent}/workflowConfigs/${workflowConfigId}`,
    releaseConfig: releaseConfig.name,
    invocationConfig: {
      fullyRefreshIncrementalTablesEnabled: options.fullRefresh ?? false,
      transitiveDependenciesIncluded: true,
      ...(options.serviceAccount ? { serviceAccount: options.serviceAccount } : {}),
    },
    cronSchedule: options.cron,
    timeZone,
  };
  return { parent, releaseConfigId, workflowConfigId, releaseConfig, workflowConfig };
}
