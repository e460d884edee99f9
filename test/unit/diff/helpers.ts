import { type AgentConfig, type AgentConfigInput, type ConfigDiff, type FieldChange, parseConfig, type TextChange } from 'agentver';

export const BASE: AgentConfigInput = {
  name: 'support_triage',
  model: 'gemini-2.5-flash',
  system_prompt: 'You triage support tickets.',
};

/** A canonical config: the base plus overrides, defaults filled in by `parseConfig`. */
export const config = (overrides: Partial<AgentConfigInput> = {}): AgentConfig => parseConfig({ ...BASE, ...overrides });

/** `Line 1 of the prompt.` … one line per number, joined with `eol`, no trailing newline. */
export const numberedLines = (count: number, eol = '\n') =>
  Array.from({ length: count }, (_, i) => `Line ${i + 1} of the prompt.`).join(eol);

export function textChange(diff: ConfigDiff, field: 'system_prompt' | 'description' = 'system_prompt'): TextChange {
  const change = diff.changes.find((item): item is TextChange => item.kind === 'text' && item.field === field);
  if (!change) throw new Error(`no text change for ${field}`);
  return change;
}

export const fields = (changes: FieldChange[]) => changes.map((change) => change.field);
