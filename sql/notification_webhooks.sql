-- Generated from src/notify/notification-webhooks-table.ts by `npm run generate`; do not edit by hand.
-- notification_webhooks: one row per webhook added with `agentver notify add` (an INSERT job); `notify remove` sets removed_at.
-- The signing secret is not here: secret_env names the environment variable that holds it where notifications are sent.
CREATE TABLE IF NOT EXISTS {{dataset}}.notification_webhooks (
  -- ids
  webhook_id STRING NOT NULL OPTIONS (description = 'The webhook, e.g. \'wh_1a2b3c4d\'.'),
  -- target
  url STRING NOT NULL OPTIONS (description = 'Where the POST goes: https (http only to 127.0.0.1, localhost or [::1]).'),
  secret_env STRING NOT NULL OPTIONS (description = 'The name of the environment variable holding the HMAC-SHA256 secret (never the secret itself).'),
  payload_format STRING NOT NULL OPTIONS (description = 'slack ({"text": …}) | json (the event as JSON).'),
  events ARRAY<STRING> OPTIONS (description = 'The events sent: label_move, watch_decision.'),
  -- provenance
  created_by STRING NOT NULL OPTIONS (description = 'Who added it, as the caller claimed.'),
  session_user STRING OPTIONS (description = 'SESSION_USER() as BigQuery saw the insert ("dummy" on the emulator).'),
  removed_by STRING OPTIONS (description = 'Who removed it, as the caller claimed; NULL while it is active.'),
  -- timestamps
  created_at TIMESTAMP NOT NULL OPTIONS (description = 'When it was added (server time).'),
  removed_at TIMESTAMP OPTIONS (description = 'When it was removed; NULL while it is active.')
)
PARTITION BY DATE(created_at)
CLUSTER BY webhook_id
OPTIONS (description = 'agentver: one row per webhook that label moves and watch decisions are sent to (agentver notify)');
