-- outcome_grades: one row per grade of a task execution, by a person, an LLM judge or a rule.
-- Grades can arrive days after the run (human review): models re-read a lookback window.
CREATE TABLE IF NOT EXISTS {{dataset}}.outcome_grades (
  -- ids
  grade_id STRING NOT NULL,
  execution_id STRING NOT NULL,
  agent_id STRING NOT NULL,
  agent_version_id STRING NOT NULL,
  -- grade
  grader_type STRING NOT NULL,           -- human | llm_judge | rule
  grader_id STRING,                      -- who or what graded: a reviewer, a judge model, a rule name
  metric STRING NOT NULL,                -- e.g. 'quality', 'helpfulness'
  score FLOAT64,                         -- on the grader's scale, e.g. 0..1 or 1..5
  passed BOOL,
  comment STRING,
  -- timestamps
  graded_at TIMESTAMP NOT NULL,
  recorded_at TIMESTAMP NOT NULL,
  -- the rest
  attributes JSON
)
PARTITION BY DATE(graded_at)
CLUSTER BY agent_id, agent_version_id
OPTIONS (description = 'agentver: grades of agent runs, tagged with agent_version_id');
