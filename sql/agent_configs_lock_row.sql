-- The lock row (agent_id '', version 0) is not an agent. Creating an agent's first version
-- updates it, so that two concurrent creators conflict on real BigQuery instead of both
-- inserting version 1 (an insert-only MERGE never conflicts). See docs/concurrency.md.
INSERT INTO {{dataset}}.agent_configs (
  agent_id, version, agent_version_id, is_latest, name, description, system_prompt, model,
  content_hash, author, change_message, request_id, created_at
)
SELECT '', 0, '', FALSE, '', '', '', '', '', 'agentver', 'lock row for first versions', '', CURRENT_TIMESTAMP()
FROM (SELECT 1)
WHERE NOT EXISTS (SELECT 1 FROM {{dataset}}.agent_configs WHERE agent_id = '' AND version = 0);
