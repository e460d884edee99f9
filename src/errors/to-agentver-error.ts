import { AgentverError } from './agentver-error.js';
import { backendFailure } from './backend-failure.js';

/**
 * Any failure as an AgentverError, whose code decides the exit code (CLI) or status (web page).
 * Input is checked where it enters and refused as a ValidationError; a TypeError or RangeError is
 * a bug (or a value BigQuery returned that agentver cannot hold), never the user's input.
 */
export function toAgentverError(error: unknown): AgentverError {
  if (error instanceof AgentverError) return error;
  if (error instanceof TypeError || error instanceof RangeError)
    return new AgentverError('internal', `internal error: ${error.message}`, {
      hint: 'This is a bug in agentver, not in your input. Please report it with the command you ran.',
    });
  return backendFailure(error);
}
