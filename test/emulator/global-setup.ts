import { startEmulator } from 'agentver';
import type { TestProject } from 'vitest/node';

/** One emulator for the whole run; every test file makes its own dataset in it. */
export default async function setup(project: TestProject) {
  const emulator = await startEmulator({ projectId: 'agentver-test' });
  project.provide('emulatorHost', emulator.host);
  project.provide('emulatorProjectId', emulator.projectId);
  return () => emulator.stop();
}
