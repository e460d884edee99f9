import type { Connection } from '../bigquery/connection.js';
import { AgentverError } from '../errors/agentver-error.js';

/**
 * Runs a read of a Dataform model and, when it fails because the model was never built in this
 * dataset (Dataform never ran there, or ran before the model existed), turns the failure into a
 * not_found error that says to build the models. The existence check runs only after a failure,
 * so a read that works costs no extra request. `hint` replaces the default advice (e.g. for a model
 * that an upgrade added).
 * @example
 * await withModel(marts, 'version_daily_metrics', () => runQuery(marts, 'SELECT … FROM {{dataset}}.version_daily_metrics'));
 * // AgentverError not_found: the model version_daily_metrics does not exist in dataset agentver_models
 * //   hint: Build the models first: agentver models run …
 */
export async function withModel<T>(models: Connection, model: string, read: () => Promise<T>, hint?: string): Promise<T> {
  try {
    return await read();
  } catch (error) {
    const [built] = await models.bigquery
      .dataset(models.datasetId)
      .table(model)
      .exists()
      .catch(() => [true]);
    if (built) throw error;
    throw new AgentverError('not_found', `the model ${model} does not exist in dataset ${models.datasetId}`, {
      hint:
        hint ??
        'Build the models first: agentver models run (on GCP, the scheduled Dataform workflow builds them; docs/watch.md says when to run watch).',
      details: { dataset: models.datasetId, model },
      cause: error,
    });
  }
}
