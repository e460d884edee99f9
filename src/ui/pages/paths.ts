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
};
