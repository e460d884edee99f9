import { DEFAULT_RETRY_POLICY, type RetryPolicy } from './retry-policy.js';

/** Where notifications find their secrets and say what went wrong, and how hard they try. */
export interface NotificationSettings {
  /** Where a webhook's secret_env is looked up (default: process.env). */
  env: Readonly<Record<string, string | undefined>>;
  /** One line per failed delivery or hint (default: stderr). A failed delivery never throws. */
  warn: (line: string) => void;
  retry: RetryPolicy;
  /** How long a process reuses the webhook list it read (ms); `notify add/remove` in the process forget it at once. */
  cacheTtlMs: number;
  /**
   * Send after a move without waiting for the receivers: for a long-lived process (the web page),
   * whose user should not wait up to the retry bound. A short command waits, or it would exit first.
   */
  inBackground: boolean;
}

const DEFAULTS: NotificationSettings = {
  env: process.env,
  warn: (line) => process.stderr.write(`${line}\n`),
  retry: DEFAULT_RETRY_POLICY,
  cacheTtlMs: 30_000,
  inBackground: false,
};

let current: NotificationSettings = DEFAULTS;

/** The settings in force in this process. */
export function notificationSettings(): NotificationSettings {
  return current;
}

/**
 * Sets, for this process, where notifications read secrets and write warnings, and their retry
 * policy; returns a function that puts the previous settings back. The CLI binds them to the
 * command's environment and stderr for each command; a library user may point `warn` at a logger.
 * @example
 * const restore = configureNotifications({ warn: (line) => logger.warn(line) });
 * // … moves notify, warnings go to the logger …
 * restore();
 */
export function configureNotifications(settings: Partial<NotificationSettings>): () => void {
  const previous = current;
  current = { ...current, ...settings, retry: { ...current.retry, ...settings.retry } };
  return () => {
    current = previous;
  };
}
