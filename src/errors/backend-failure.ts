import { AgentverError } from './agentver-error.js';

/** What a failed BigQuery (or emulator) request means for the user, chosen by `backendFailure`. */
export type BackendFailureKind = 'not_initialised' | 'credentials' | 'permission' | 'other';

const HINTS: Record<BackendFailureKind, string | undefined> = {
  not_initialised: 'The dataset or its tables do not exist yet: run agentver init (with the same --project and --dataset).',
  credentials:
    'Sign in for Application Default Credentials (gcloud auth application-default login), or set GOOGLE_APPLICATION_CREDENTIALS.',
  permission:
    'The account in use lacks a BigQuery role on that project or dataset: grant it BigQuery Data Editor and Job User, or use another account.',
  other: undefined,
};

// BigQuery: "Not found: Table p:d.t was not found in location US"; the emulator: "Table not found:
// local.d.t" from a query and "table t is not found" / "dataset d is not found" from the REST API.
const MISSING = /not found: (table|dataset)|(table|dataset) not found|(table|dataset) \S+ is not found/i;
const NO_CREDENTIALS =
  /could not load the default credentials|invalid_grant|invalid_rapt|reauth|invalid authentication credentials|unauthenticated|unable to detect a project id|could not refresh access token/i;
const DENIED = /access denied|permission|accessDenied/i;

function classify(status: number | undefined, message: string): BackendFailureKind {
  if (MISSING.test(message)) return 'not_initialised';
  if (status === 401 || NO_CREDENTIALS.test(message)) return 'credentials';
  if (status === 403 && DENIED.test(message)) return 'permission';
  return 'other';
}

/** A BigQuery request failed; the hint says what to do only when the cause is known. */
export class BackendFailureError extends AgentverError {
  readonly kind: BackendFailureKind;

  constructor(message: string, kind: BackendFailureKind, status: number | undefined, cause: unknown) {
    super('backend', `BigQuery request failed: ${message}`, { hint: HINTS[kind], details: { kind, status }, cause });
    this.name = 'BackendFailureError';
    this.kind = kind;
  }
}

/** Turns an error thrown by the BigQuery client into a BackendFailureError. */
export function backendFailure(error: unknown): BackendFailureError {
  const message = error instanceof Error ? error.message : String(error);
  const code = Number((error as { code?: unknown }).code);
  const status = Number.isInteger(code) && code >= 100 ? code : undefined;
  return new BackendFailureError(message, classify(status, message), status, error);
}
