// The incremental window: an incremental run rebuilds what a row recorded within lookback_days of
// the newest one already built touches, so grades and streamed rows that arrive late are counted.
const days = Number(dataform.projectConfig.vars.lookback_days ?? 3);
if (!Number.isInteger(days) || days < 0) {
  throw new Error(`vars.lookback_days must be a whole number of days, got ${dataform.projectConfig.vars.lookback_days}`);
}

// A scalar subquery: lookback_days before the newest `column` of `table`, or the epoch when it is empty.
function since(table, column) {
  return `(SELECT COALESCE(TIMESTAMP_SUB(MAX(${column}), INTERVAL ${days} DAY), TIMESTAMP '1970-01-01') FROM ${table})`;
}

module.exports = { days, since };
