import { connect } from 'node:net';
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

/**
 * Opens one TCP connection to the emulator host, with a short timeout, before any command runs on
 * it: the BigQuery client retries a refused connection with backoff for about 16 s before it
 * gives up, which is right for BigQuery and wrong for a local address that is simply not
 * listening. Only the connection is checked, not an HTTP answer: the emulator serializes
 * requests, so a busy one answers late while it still accepts connections at once.
 */
export async function checkEmulatorHost(host: string, _projectId: string, from: string, timeoutMs = 5000): Promise<void> {
  const url = new URL(host);
  const port = Number(url.port || (url.protocol === 'https:' ? 443 : 80));
  await new Promise<void>((resolve, reject) => {
    const socket = connect({ host: url.hostname.replace(/^\[|\]$/g, ''), port });
    const fail = (reason: string) => {
      socket.destroy();
      reject(new EmulatorUnreachableError(host, from, reason));
    };
    socket.setTimeout(timeoutMs, () => fail(`no connection within ${timeoutMs / 1000} s`));
    socket.once('connect', () => {
      socket.end();
      resolve();
    });
    socket.once('error', (error: NodeJS.ErrnoException) => fail(error.code ?? error.message));
  });
}
