import type { ScheduleConfig } from './schedule-config.js';

/**
 * Creates (or replaces) the release and workflow configurations through the Dataform API, with
 * Application Default Credentials. Loaded only by `agentver models schedule --apply`.
 */
export async function applyScheduleConfig(config: ScheduleConfig): Promise<void> {
  const { DataformClient } = await import('@google-cloud/dataform');
  const client = new DataformClient();
  await upsert(
    () =>
      client.createReleaseConfig({ parent: config.parent, releaseConfigId: config.releaseConfigId, releaseConfig: config.releaseConfig }),
    () => client.updateReleaseConfig({ releaseConfig: config.releaseConfig }),
  );
  await upsert(
    () =>
      client.createWorkflowConfig({
        parent: config.parent,
        workflowConfigId: config.workflowConfigId,
        workflowConfig: config.workflowConfig,
      }),
    () => client.updateWorkflowConfig({ workflowConfig: config.workflowConfig }),
  );
}

// ALREADY_EXISTS (gRPC code 6): the schedule was applied before, so update it in place.
async function upsert(create: () => Promise<unknown>, update: () => Promise<unknown>): Promise<void> {
  try {
    await create();
  } catch (error) {
    if ((error as { code?: number }).code !== 6) throw error;
    await update();
  }
}
