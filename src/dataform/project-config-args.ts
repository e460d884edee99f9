import { DATASET_ID } from '../bigquery/identifiers.js';
/** Where a Dataform run reads and writes: the overrides of workflow_settings.yaml. */
export interface DataformTarget {
  /** GCP project (Dataform's default database) for the models and the raw tables. */
  projectId: string;
  /** BigQuery location, e.g. US or EU; defaults to workflow_settings.yaml. */
  location?: string;
  /** Dataset of the staging views and marts. */
  dataset: string;
  /** Dataset holding agentver's raw tables (vars.raw_dataset). */
  rawDataset: string;
  /** Dataset of the assertion views; defaults to workflow_settings.yaml. */
  assertionDataset?: string;
  /** More `vars`, e.g. { lookback_days: '7' }. */
  vars?: Record<string, string>;
}

// The CLI splits --vars on ',' and '=' with no escaping.
const VAR_PART = /^[^,=]*$/;

/**
 * The CLI flags that point a compile or run at a project and datasets:
 * `--default-database`, `--default-schema`, `--default-location`, `--assertion-schema`, `--vars`.
 *
 * @example
 * projectConfigArgs({ projectId: 'p', dataset: 'agentver_models', rawDataset: 'agentver' })
 * // ['--default-database=p', '--default-schema=agentver_models', '--vars=raw_dataset=agentver']
 */
export function projectConfigArgs(target: DataformTarget): string[] {
  for (const [name, value] of [
    ['dataset', target.dataset],
    ['rawDataset', target.rawDataset],
    ['assertionDataset', target.assertionDataset],
  ] as const) {
    if (value !== undefined && !DATASET_ID.test(value)) {
      throw new TypeError(`projectConfigArgs requires ${name} to use only letters, digits and underscores, got "${value}"`);
    }
  }
  const vars = { ...target.vars, raw_dataset: target.rawDataset };
  for (const [key, value] of Object.entries(vars)) {
    if (!key || !VAR_PART.test(key) || !VAR_PART.test(value)) {
      throw new TypeError(`projectConfigArgs requires vars without ',' or '=', got ${key}=${value}`);
    }
  }
  const args = [`--default-database=${target.projectId}`, `--default-schema=${target.dataset}`];
  if (target.location) args.push(`--default-location=${target.location}`);
  if (target.assertionDataset) args.push(`--assertion-schema=${target.assertionDataset}`);
  args.push(
    `--vars=${Object.entries(vars)
      .map(([key, value]) => `${key}=${value}`)
      .join(',')}`,
  );
  return args;
}
