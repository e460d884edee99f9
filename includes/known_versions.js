// The rows of a telemetry table whose agent_version_id is not a version in agent_configs: the
// query of a referential-integrity assertion. NOT IN (subquery) against the versions table, which
// is small, rather than a join: the emulator runs a join row by row, and on BigQuery both read the
// same columns once. (agent_version_id is NOT NULL in every table, so NOT IN has no NULL trap.)
// It reads the raw table, not its staging view: the repeats of a row name the same version, so
// the answer is the same, without the view's de-duplicating window over every row at every run.
function unknownRows(telemetry, idColumn, versions) {
  return `SELECT DISTINCT ${idColumn}, agent_version_id
FROM ${telemetry}
WHERE agent_version_id NOT IN (SELECT agent_version_id FROM ${versions})`;
}

module.exports = { unknownRows };
