// Descriptions of agent_configs' columns other than the config fields (those are in
// agent_config_columns.js), shared by the source declaration and the staging view.
const lineage = {
  is_latest: 'TRUE on exactly one row per agent: its highest version.',
  parent_version: 'The version this one was written over; NULL for version 1.',
  rollback_from: 'For a rollback, the version it replaced; NULL otherwise.',
  rollback_to: 'For a rollback, the version whose config it copied; NULL otherwise.',
};

const provenance = {
  content_hash: 'sha256 of the canonical config JSON.',
  author: 'Who wrote the version, as the caller claimed (flag, env, git config).',
  session_user: "SESSION_USER() as BigQuery saw the write ('dummy' on the emulator).",
  change_message: 'Why the version was written.',
  request_id: 'Idempotency key of the write that made the row.',
  created_at: 'When the version was written.',
};

// { name: description } of the config columns, for a model's `columns`.
const { configColumns } = require('./agent_config_columns');
const config = Object.fromEntries(configColumns.map((column) => [column.name, column.description]));

module.exports = { lineage, provenance, config };
