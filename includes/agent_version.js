// The version number of an agent_version_id: 'support_triage@42' → 42, NULL when it has no '@<digits>' end.
// Staging parses it once per telemetry table, so marts group and filter by a number.
function number(agentVersionId) {
  return `SAFE_CAST(REGEXP_EXTRACT(${agentVersionId}, r'@([0-9]+)$') AS INT64)`;
}

module.exports = { number };
