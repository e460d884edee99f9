import {
  EMULATOR_VERSION,
  type EmulatorBinarySource,
  EmulatorSetupError,
  emulatorBinaryPath,
  ensureEmulator,
} from '../../bigquery-emulator/install.mjs';
import { AgentverError } from '../errors/agentver-error.js';
import { ValidationError } from '../errors/validation-error.js';

export { EMULATOR_VERSION, type EmulatorBinarySource, emulatorBinaryPath };

/** No emulator binary could be found or built; the message lists the ways to get one. */
export class EmulatorUnavailableError extends AgentverError {
  constructor(reason: string, message: string) {
    super('backend', message, { details: { reason } });
    this.name = 'EmulatorUnavailableError';
  }
}

export interface EmulatorBinary {
  path: string;
  /** Where it came from: the env variable, the per-user cache, or a build made just now. */
  source: EmulatorBinarySource;
}

/**
 * The pinned bigquery-emulator binary: AGENTVER_EMULATOR_BIN, else the per-user cache
 * (~/.cache/agentver/bigquery-emulator/<version>/), built there with Go on first use.
 * `log` receives the progress lines of a build (it takes minutes, once per machine).
 */
export async function resolveEmulatorBinary(
  options: { env?: NodeJS.ProcessEnv; log?: (line: string) => void } = {},
): Promise<EmulatorBinary> {
  const env = options.env ?? process.env;
  try {
    return await ensureEmulator({ env, log: options.log });
  } catch (error) {
    if (!(error instanceof EmulatorSetupError)) throw error;
    if (error.reason === 'bin_missing') {
      throw new ValidationError(
        [
          {
            field: 'AGENTVER_EMULATOR_BIN',
            rule: `must name a bigquery-emulator ${EMULATOR_VERSION} binary; ${env.AGENTVER_EMULATOR_BIN} does not exist`,
          },
        ],
        'environment',
      );
    }
    throw new EmulatorUnavailableError(error.reason, error.message);
  }
}
