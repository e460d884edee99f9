import { createHash } from 'node:crypto';

/**
 * The idempotency key of one planned write: the same agent, base version and config always give
 * the same id, so a rerun of `apply` on the same commit (after a crash, or in a retried CI job)
 * returns the version the first run made instead of writing another. A new base version or a
 * changed config gives a new id. Hashed from a JSON array, so no id can be spelled two ways.
 *
 * @example applyRequestId('support_triage', 41, 'e3b0c4…') // 'apply-9f2c…' (70 characters)
 */
export function applyRequestId(agentId: string, baseVersion: number | null, contentHash: string): string {
  return `apply-${createHash('sha256')
    .update(JSON.stringify([agentId, baseVersion, contentHash]))
    .digest('hex')}`;
}
