import { AgentverError } from '../errors/agentver-error.js';

/** The embedded emulator of a data folder could not be started; the message carries the end of its log. */
export class EmbeddedServerError extends AgentverError {
  constructor(dataDir: string, reason: string, logTail: string) {
    super('backend', `the embedded emulator of ${dataDir} did not start: ${reason}${logTail ? `\n${logTail}` : ''}`, {
      hint: `Its log is ${dataDir}/emulator.log; \`agentver setup\` checks the emulator binary.`,
      details: { dataDir, reason },
    });
    this.name = 'EmbeddedServerError';
  }
}
