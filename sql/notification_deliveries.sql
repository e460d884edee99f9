-- Generated from src/notify/notification-deliveries-table.ts by `npm run generate`; do not edit by hand.
-- notification_deliveries: one row per webhook and event (a label move, a watch decision that needs a person, a test):
-- the series of attempts with its retries, written once it ended (all rows of an event: one INSERT job).
-- Append-only: a delivery is never updated.
CREATE TABLE IF NOT EXISTS {{dataset}}.notification_deliveries (
  -- ids
  delivery_id STRING NOT NULL OPTIONS (description = 'The series: the X-Agentver-Delivery header of each attempt.'),
  webhook_id STRING NOT NULL OPTIONS (description = 'The webhook (notification_webhooks).'),
  event STRING NOT NULL OPTIONS (description = 'label_move | watch_decision | test.'),
  event_id STRING NOT NULL OPTIONS (description = 'The event: a move\'s request id, \'<watch request id>:<agent>:<label>\' for a decision.'),
  agent_id STRING OPTIONS (description = 'The agent (NULL for a test).'),
  label STRING OPTIONS (description = 'The label (NULL for a test).'),
  release_number INT64 OPTIONS (description = 'The release the move wrote, or the one the decision evaluated.'),
  -- outcome
  is_delivered BOOL NOT NULL OPTIONS (description = 'TRUE when an attempt got a 2xx answer.'),
  http_status INT64 OPTIONS (description = 'The last attempt\'s HTTP status; NULL when it got no answer.'),
  n_attempts INT64 NOT NULL OPTIONS (description = 'POSTs made (0: nothing sent, e.g. the secret was not set).'),
  error STRING OPTIONS (description = 'Why it was not delivered; NULL when it was.'),
  -- timestamps
  started_at TIMESTAMP NOT NULL OPTIONS (description = 'When the first attempt began (client time).'),
  finished_at TIMESTAMP NOT NULL OPTIONS (description = 'When the last attempt ended (client time).'),
  recorded_at TIMESTAMP NOT NULL OPTIONS (description = 'When the row was written (server time).')
)
PARTITION BY DATE(started_at)
CLUSTER BY webhook_id, event
OPTIONS (description = 'agentver: one row per notification sent to a webhook: the event, HTTP status, attempts, error');
