import { AgentverError } from './agentver-error.js';

/** The new config equals the latest one: refused unless the caller allows an unchanged version. */
export class NoChangesError extends AgentverError {
  constructor(agentId: string, latestVersion: number) {
    super('no_changes', `no changes: the config equals ${agentId}@${latestVersion}; nothing was written`, {
      hint: 'To record an identical version anyway: --allow-unchanged (allowUnchanged: true in the library).',
      details: { agentId, latestVersion },
    });
    this.name = 'NoChangesError';
  }
}
