import { AgentverError } from './agentver-error.js';

/** Why a label move would change nothing. */
export type UnchangedReason = 'same_state' | 'no_canary' | 'nothing_earlier';

/** The label's state the refusal is about. */
export interface ServedState {
  releaseNumber: number;
  routes: ReadonlyArray<{ version: number; percent: number }>;
}

function serves(state: ServedState): string {
  const routes = state.routes.map((route) => `version ${route.version} at ${route.percent}%`).join(' and ');
  return state.routes.length > 1 ? `${routes} (a canary)` : routes;
}

function describe(reason: UnchangedReason, agentId: string, label: string, state: ServedState): string {
  const now = `label ${label} of ${agentId} serves ${serves(state)} (release ${state.releaseNumber})`;
  switch (reason) {
    case 'same_state':
      return `no changes: ${now} already`;
    case 'no_canary':
      return `nothing to promote: ${now}, no canary is running`;
    case 'nothing_earlier':
      return `nothing to roll back to: ${now} and served no other version at 100% before`;
  }
}

const HINTS: Record<UnchangedReason, (agentId: string, label: string) => string> = {
  same_state: (agentId, label) => `See the label's states with agentver labels ${agentId} --history ${label}.`,
  no_canary: (agentId, label) => `Start one with agentver canary ${agentId} <version> --label ${label} --percent 10.`,
  nothing_earlier: (agentId, label) => `Point the label at a version with agentver release ${agentId} <version> --label ${label}.`,
};

/** A release, canary, promote or label rollback that would leave the label as it is: nothing was written. */
export class LabelUnchangedError extends AgentverError {
  readonly reason: UnchangedReason;
  readonly agentId: string;
  readonly label: string;
  readonly currentRelease: number;

  constructor(reason: UnchangedReason, agentId: string, label: string, state: ServedState) {
    super('no_changes', `${describe(reason, agentId, label, state)}; nothing was written`, {
      hint: HINTS[reason](agentId, label),
      details: { reason, agentId, label, currentRelease: state.releaseNumber },
    });
    this.name = 'LabelUnchangedError';
    this.reason = reason;
    this.agentId = agentId;
    this.label = label;
    this.currentRelease = state.releaseNumber;
  }
}
