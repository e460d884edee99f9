import { AgentverError } from './agentver-error.js';

export class AlreadyExistsError extends AgentverError {
  constructor(agentId: string, latestVersion: number) {
    super('already_exists', `agent ${agentId} already exists (latest version ${latestVersion}); nothing was written`, {
      hint: `Use agentver edit ${agentId} to make a new version.`,
      details: { agentId, latestVersion },
    });
    this.name = 'AlreadyExistsError';
  }
}
