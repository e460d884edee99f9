import { AgentverError } from './agentver-error.js';

export class NotFoundError extends AgentverError {
  constructor(message: string, details: Record<string, unknown> = {}, hint?: string) {
    super('not_found', message, { details, ...(hint ? { hint } : {}) });
    this.name = 'NotFoundError';
  }
}
