/** URLs of the pages, built in one place so every agent id is encoded the same way. */
export const paths = {
  agents: (search = '') => (search ? `/agents?q=${encodeURIComponent(search)}` : '/agents'),
  agent: (agentId: string, query = '') => `/agents/${encodeURIComponent(agentId)}${query}`,
  diff: (agentId: string, from: number, to: number) => `/agents/${encodeURIComponent(agentId)}/diff?from=${from}&to=${to}`,
  blame: (agentId: string, field?: string) =>
    `/agents/${encodeURIComponent(agentId)}/blame${field ? `?field=${encodeURIComponent(field)}` : ''}`,
  metrics: (agentId: string) => `/agents/${encodeURIComponent(agentId)}/metrics`,
  rollback: (agentId: string, to: number, expected: number) =>
    `/agents/${encodeURIComponent(agentId)}/rollback?to=${to}&expected=${expected}`,
  label: (agentId: string, label: string, query = '') =>
    `/agents/${encodeURIComponent(agentId)}/labels/${encodeURIComponent(label)}${query}`,
  look: (agentId: string, label: string) => `/agents/${encodeURIComponent(agentId)}/labels/${encodeURIComponent(label)}/look`,
  /** The confirmation of a label move; `fields` are the move's own (version, percent, policy). */
  move: (agentId: string, label: string, action: string, expected: number, fields: Record<string, string | number> = {}) =>
    `/agents/${encodeURIComponent(agentId)}/labels/${encodeURIComponent(label)}/move?${new URLSearchParams({
      action,
      expected: String(expected),
      ...Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, String(v)])),
    }).toString()}`,
};
