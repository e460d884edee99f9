import { AgentverError } from './agentver-error.js';

/** A write based on a version that is no longer the latest: nothing was written. */
export class ConflictError extends AgentverError {
  readonly agentId: string;
  readonly expectedVersion: number;
  readonly currentVersion: number;
  readonly currentAuthor: string;
  readonly currentCreatedAt: string;

  constructor(
    agentId: string,
    expectedVersion: number,
    current: { version: number; author: string; createdAt: string },
    hint = `Review what changed (agentver diff ${agentId} ${expectedVersion} ${current.version}), then retry with --expected-version ${current.version}.`,
  ) {
    super(
      'conflict',
      `${agentId} is at version ${current.version} (by ${current.author}, ${current.createdAt}), not ${expectedVersion}: nothing was written`,
      {
        hint,
        details: {
          agentId,
          expectedVersion,
          currentVersion: current.version,
          currentAuthor: current.author,
          currentCreatedAt: current.createdAt,
        },
      },
    );
    this.name = 'ConflictError';
    this.agentId = agentId;
    this.expectedVersion = expectedVersion;
    this.currentVersion = current.version;
    this.currentAuthor = current.author;
    this.currentCreatedAt = current.createdAt;
  }
}
