import { AgentverError } from './agentver-error.js';

/** What was looked for: an agent, one of its versions, or its version at a time. */
export interface NotFoundTarget {
  agentId: string;
  /** The version asked for, when it was a version that is missing. */
  version?: number;
  /** The agent's latest version, when the agent exists. */
  latestVersion?: number;
  /** The time asked for, when the agent did not exist yet then. */
  at?: string;
  /** The label asked for, when it is a label that is missing (or was not set yet at `at`). */
  label?: string;
  /** Why there is nothing, when it is neither a missing agent nor a missing version. */
  reason?: string;
  /** What to do instead, when the default (list or create the agent) does not fit. */
  hint?: string;
}

function describe(target: NotFoundTarget): string {
  const { agentId, version, latestVersion, at, label, reason } = target;
  if (reason) return `${agentId} ${reason}`;
  if (label !== undefined) return `label ${label} of ${agentId} ${at === undefined ? 'was never set' : `was not set yet at ${at}`}`;
  if (!latestVersion) return `agent ${agentId} does not exist`;
  if (at !== undefined) return `${agentId} did not exist yet at ${at}`;
  return `${agentId} has no version ${version} (latest is ${latestVersion})`;
}

/** Nothing to read or to act on: the message is built from what was looked for. */
export class NotFoundError extends AgentverError {
  readonly agentId: string;
  readonly version: number | undefined;
  readonly latestVersion: number | undefined;

  constructor(target: NotFoundTarget) {
    const { reason: _reason, hint, ...details } = target;
    super('not_found', describe(target), {
      details,
      ...(hint
        ? { hint }
        : target.latestVersion
          ? {}
          : { hint: `List agents with agentver list, or create it with agentver create ${target.agentId} --file config.yaml` }),
    });
    this.name = 'NotFoundError';
    this.agentId = target.agentId;
    this.version = target.version;
    this.latestVersion = target.latestVersion;
  }
}
