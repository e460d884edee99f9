import { AgentverError } from '../errors/agentver-error.js';
import { EMULATOR_VERSION } from './emulator-binary.js';

/** Nothing answered at the emulator host the user named. */
export class EmulatorUnreachableError extends AgentverError {
  constructor(host: string, from: string, reason: string) {
    super('backend', `cannot reach the BigQuery emulator at ${host} (from ${from}): ${reason}`, {
      hint:
        `Start it (docker run -p 9050:9050 ghcr.io/goccy/bigquery-emulator:${EMULATOR_VERSION.replace(/^v/, '')} --project=local) ` +
        `or fix ${from}; without an emulator host or a project, agentver runs its own embedded emulator.`,
      details: { host, from },
    });
    this.name = 'EmulatorUnreachableError';
  }
}

function describe(error: unknown): string {
  if (error instanceof DOMException && error.name === 'TimeoutError') return 'no answer';
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  return cause?.code ?? cause?.message ?? (error as Error).message;
}

/**
 * Asks the emulator once, with a short timeout, before any command runs on it: the BigQuery
 * client retries a refused connection with backoff for about 16 s before it gives up, which is
 * right for BigQuery and wrong for a local address that is simply not listening. Any HTTP answer
 * counts as reachable; what it says is left to the command.
 */
export async function checkEmulatorHost(host: string, projectId: string, from: string, timeoutMs = 2000): Promise<void> {
  try {
    await fetch(new URL(`/bigquery/v2/projects/${encodeURIComponent(projectId)}/datasets`, host), {
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (error) {
    throw new EmulatorUnreachableError(host, from, describe(error));
  }
}
