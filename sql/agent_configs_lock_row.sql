-- Generated from src/config/agent-config.ts and src/store/agent-configs-table.ts by `npm run generate`; do not edit by hand.
-- The lock row (agent_id '', version 0) is not a real key. A key's first
-- write updates it, so two concurrent first writers conflict on real BigQuery instead of both
-- inserting number 1 (an insert-only MERGE never conflicts). See docs/concurrency.md.
INSERT INTO {{dataset}}.agent_configs (agent_id, version, agent_version_id, is_latest, name, description, system_prompt, model, content_hash, author, change_message, request_id, created_at)
SELECT '', 0, '', FALSE, '', '', '', '', '', '', '', '', CURRENT_TIMESTAMP()
FROM (SELECT 1)
WHERE NOT EXISTS (SELECT 1 FROM {{dataset}}.agent_configs WHERE agent_id = '' AND version = 0);
