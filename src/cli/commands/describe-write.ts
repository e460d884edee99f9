import type { WriteResult } from '../../store/write-version.js';

/** One line that says what a write did, e.g. `created support_triage@1 (by gil)`. */
export function describeWrite(verb: string, { record, replayed }: WriteResult): string {
  const rollback = record.rollbackTo === null ? '' : `: copy of version ${record.rollbackTo}, replacing ${record.rollbackFrom}`;
  const replay = replayed ? ' (already written by this request id: nothing new)' : '';
  return `${verb} ${record.agentVersionId}${rollback} (by ${record.author})${replay}`;
}
