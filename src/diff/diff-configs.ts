import { type AgentConfig, type ConfigField, configColumn, FIELD_GROUPS, type FieldGroup, type JsonValue } from '../config/agent-config.js';
import { diffText } from './diff-text.js';
import { diffEntries, jsonEqual } from './diff-values.js';
import type { ConfigDiff, FieldChange, ListChange, ValueChange } from './types.js';

function listChange(field: ListChange['field'], group: FieldGroup, before: string[], after: string[]): ListChange[] {
  const [from, to] = [new Set(before), new Set(after)];
  const added = after.filter((item) => !from.has(item)).sort();
  const removed = before.filter((item) => !to.has(item)).sort();
  return added.length + removed.length === 0 ? [] : [{ kind: 'list', field, group, added, removed }];
}

/** Servers are matched by name, so a moved URL reads as one URL change rather than a remove and an add. */
type Named = ReadonlyArray<{ name: string; url: string }>;

function diffServers(field: ConfigField, group: FieldGroup, before: Named, after: Named): FieldChange[] {
  const oldUrls = new Map(before.map((server) => [server.name, server.url]));
  const urlChanges = after
    .filter((server) => oldUrls.has(server.name) && oldUrls.get(server.name) !== server.url)
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    .map(
      (server): ValueChange => ({
        kind: 'value',
        field: `${field}.${server.name}.url`,
        group,
        before: oldUrls.get(server.name),
        after: server.url,
      }),
    );
  const names = (servers: Named) => servers.map((server) => server.name);
  return [...listChange(field, group, names(before), names(after)), ...urlChanges];
}

function diffField(field: ConfigField, group: FieldGroup, before: AgentConfig, after: AgentConfig): FieldChange[] {
  const [from, to] = [before[field] as JsonValue, after[field] as JsonValue];
  switch (configColumn(field).diff) {
    case 'text':
      if (from === to) return [];
      return [{ kind: 'text', field, group, ...diffText(from as string, to as string, field.replace(/_/g, ' ')) }];
    case 'list':
      return listChange(field, group, from as string[], to as string[]);
    case 'named_list':
      return diffServers(field, group, from as unknown as Named, to as unknown as Named);
    case 'entries':
      return diffEntries(field, group, from as Record<string, JsonValue>, to as Record<string, JsonValue>);
    case 'value':
      return jsonEqual(from, to) ? [] : [{ kind: 'value', field, group, before: from, after: to }];
  }
}

/**
 * What changed between two versions of an agent, field by field in `FIELD_GROUPS` order. Only
 * changed fields appear, so an empty `changes` means the configs are equivalent.
 */
export function diffConfigs(before: AgentConfig, after: AgentConfig): ConfigDiff {
  const changes: FieldChange[] = [];
  const changedFields: ConfigField[] = [];
  for (const [group, fields] of FIELD_GROUPS) {
    for (const field of fields) {
      const fieldChanges = diffField(field, group, before, after);
      if (fieldChanges.length === 0) continue;
      changes.push(...fieldChanges);
      changedFields.push(field);
    }
  }
  return { changes, changedFields, isEmpty: changes.length === 0 };
}
