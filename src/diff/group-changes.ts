import { FIELD_GROUPS, type FieldGroup } from '../config/agent-config.js';
import type { ConfigDiff, FieldChange } from './types.js';

/** Changes per group in `FIELD_GROUPS` order, skipping empty groups, whatever order the diff lists them in. */
export function groupChanges(diff: ConfigDiff): Array<[FieldGroup, FieldChange[]]> {
  return FIELD_GROUPS.map(([group]): [FieldGroup, FieldChange[]] => [
    group,
    diff.changes.filter((change) => change.group === group),
  ]).filter(([, changes]) => changes.length > 0);
}
