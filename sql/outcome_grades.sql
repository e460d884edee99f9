-- Generated from src/telemetry/telemetry-tables.ts by `npm run generate`; do not edit by hand.
-- outcome_grades: one row per grade of a task execution, by a person, an LLM judge or a rule.
-- Grades can arrive days after the run (human review): models re-read a lookback window.
CREATE TABLE IF NOT EXISTS {{dataset}}.outcome_grades (
  -- ids
  grade_id STRING NOT NULL OPTIONS (description = 'The grade: unique, the insertId of its row.'),
  execution_id STRING NOT NULL OPTIONS (description = 'The run graded.'),
  agent_id STRING NOT NULL OPTIONS (description = 'The agent that ran.'),
  agent_version_id STRING NOT NULL OPTIONS (description = '\'<agent_id>@<version>\' from agent_configs: the config the run used.'),
  -- grade
  grader_type STRING NOT NULL OPTIONS (description = 'human | llm_judge | rule.'),
  grader_id STRING OPTIONS (description = 'Who or what graded: a reviewer, a judge model, a rule name.'),
  metric STRING NOT NULL OPTIONS (description = 'What was graded, e.g. \'quality\', \'helpfulness\'.'),
  score FLOAT64 OPTIONS (description = 'On the grader\'s scale, e.g. 0..1 or 1..5.'),
  passed BOOL OPTIONS (description = 'Whether the run passed this grade.'),
  comment STRING OPTIONS (description = 'The grader\'s note.'),
  -- timestamps
  graded_at TIMESTAMP NOT NULL OPTIONS (description = 'When the grade was given.'),
  recorded_at TIMESTAMP NOT NULL OPTIONS (description = 'When agentver wrote the row: incremental models read by it.'),
  -- the rest
  attributes JSON OPTIONS (description = 'A team\'s own fields, as a JSON object.')
)
PARTITION BY DATE(graded_at)
CLUSTER BY agent_id, agent_version_id
OPTIONS (description = 'agentver: grades of agent runs, tagged with agent_version_id');
