import { AgentverError } from './agentver-error.js';

/** The release a label is at when a move based on another one was refused. */
export interface CurrentRelease {
  releaseNumber: number;
  author: string;
  createdAt: string;
}

/**
 * A label move based on a release number that is no longer the label's current one (someone moved
 * the label meanwhile, or it was created meanwhile): nothing was written. `current` is null when
 * the label has no release at all.
 */
export class ReleaseConflictError extends AgentverError {
  readonly agentId: string;
  readonly label: string;
  readonly expectedRelease: number;
  readonly currentRelease: number;
  readonly currentAuthor: string | null;
  readonly currentCreatedAt: string | null;

  constructor(agentId: string, label: string, expectedRelease: number, current: CurrentRelease | null) {
    const expected = expectedRelease === 0 ? 'none (a first release)' : `release ${expectedRelease}`;
    const now = current
      ? `is at release ${current.releaseNumber} (moved by ${current.author}, ${current.createdAt})`
      : 'has no release yet';
    super('conflict', `label ${label} of ${agentId} ${now}, not ${expected}: nothing was written`, {
      hint: current
        ? `Review what changed (agentver labels ${agentId} --history ${label}), then retry with --expected-release ${current.releaseNumber}.`
        : `Release a version first: agentver release ${agentId} <version> --label ${label}`,
      details: {
        agentId,
        label,
        expectedRelease,
        currentRelease: current?.releaseNumber ?? 0,
        currentAuthor: current?.author ?? null,
        currentCreatedAt: current?.createdAt ?? null,
      },
    });
    this.name = 'ReleaseConflictError';
    this.agentId = agentId;
    this.label = label;
    this.expectedRelease = expectedRelease;
    this.currentRelease = current?.releaseNumber ?? 0;
    this.currentAuthor = current?.author ?? null;
    this.currentCreatedAt = current?.createdAt ?? null;
  }
}
