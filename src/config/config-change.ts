import { ValidationError } from '../errors/validation-error.js';
import type { AgentConfig } from './agent-config.js';
import { type ConfigPatch, parseSetValue } from './apply-patch.js';
import { parseConfig } from './parse-config.js';

/** What an edit asks for: a whole new config, or a patch of some fields. */
export type ConfigChange = { config: AgentConfig } | { patch: ConfigPatch };

/** An edit as a command line gives it: the text of `--set field=value`, and the rest as values. */
export interface EditInput {
  /** A whole config document (already parsed from YAML or JSON), replacing the latest. */
  document?: unknown;
  set?: readonly string[];
  unset?: readonly string[];
  addTools?: readonly string[];
  removeTools?: readonly string[];
  systemPrompt?: string;
}

/**
 * Reads `field=value` assignments as a patch's `set`: each value as its field's type
 * (parseSetValue). Refuses an assignment without `=`.
 * @example
 * parseAssignments(['temperature=0.6', 'policy_overrides.pii=redact']) // { temperature: 0.6, 'policy_overrides.pii': 'redact' }
 */
export function parseAssignments(assignments: readonly string[]): Record<string, unknown> {
  const set: Record<string, unknown> = {};
  for (const assignment of assignments) {
    const equals = assignment.indexOf('=');
    if (equals <= 0) throw new ValidationError([{ field: '--set', rule: `must look like field=value, got "${assignment}"` }], 'edit');
    const path = assignment.slice(0, equals).trim();
    set[path] = parseSetValue(path, assignment.slice(equals + 1));
  }
  return set;
}

/**
 * The change an edit makes, checked before anything is read or written: a whole config
 * (validated) or a patch, never both, never nothing.
 * @example
 * editChange({ set: ['temperature=0.6'], addTools: ['send_email'] }) // { patch: { set: { temperature: 0.6 }, unset: [], addTools: ['send_email'], removeTools: [] } }
 */
export function editChange(input: EditInput): ConfigChange {
  const patching = Boolean(
    input.set?.length || input.unset?.length || input.addTools?.length || input.removeTools?.length || input.systemPrompt !== undefined,
  );
  if (input.document !== undefined && patching) {
    throw new ValidationError(
      [
        {
          field: '--file',
          rule: 'replaces the whole config, so it cannot be combined with --set, --unset, --add-tool, --remove-tool or --prompt-file',
        },
      ],
      'edit',
    );
  }
  if (input.document !== undefined) return { config: parseConfig(input.document) };
  if (!patching) {
    throw new ValidationError(
      [{ field: 'edit', rule: 'says nothing to change: give --set, --unset, --add-tool, --remove-tool, --prompt-file or --file' }],
      'edit',
    );
  }
  return {
    patch: {
      set: parseAssignments(input.set ?? []),
      unset: [...(input.unset ?? [])],
      addTools: [...(input.addTools ?? [])],
      removeTools: [...(input.removeTools ?? [])],
      ...(input.systemPrompt !== undefined ? { systemPrompt: input.systemPrompt } : {}),
    },
  };
}
