// A run's effective grade of a metric is its latest human grade, else its latest grade of any
// grader (latest by graded_at). run_facts and version_grade_daily_metrics both rank with this
// window, so a run's grades count the same way in both.
const effectiveRank = `ROW_NUMBER() OVER (
      PARTITION BY execution_id, metric
      ORDER BY IF(grader_type = 'human', 0, 1), graded_at DESC, recorded_at DESC, grade_id DESC
    )`;

module.exports = { effectiveRank };
