-- Generated from src/releases/agent-releases-table.ts by `npm run generate`; do not edit by hand.
-- The lock row (agent_id, label '', release_number 0) is not a real key. A key's first
-- write updates it, so two concurrent first writers conflict on real BigQuery instead of both
-- inserting number 1 (an insert-only MERGE never conflicts). See docs/concurrency.md.
INSERT INTO {{dataset}}.agent_releases (agent_id, label, release_number, is_current, kind, version, content_hash, author, change_message, request_id, created_at)
SELECT '', '', 0, FALSE, '', 0, '', '', '', '', CURRENT_TIMESTAMP()
FROM (SELECT 1)
WHERE NOT EXISTS (SELECT 1 FROM {{dataset}}.agent_releases WHERE agent_id = '' AND label = '' AND release_number = 0);
