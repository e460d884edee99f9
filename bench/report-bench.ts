// Node-side cost of the report: compareVersions on one version pair, and buildReport on 100
// versions × every metric in METRICS, from synthetic sufficient statistics (no BigQuery).
// Run: npx tsx bench/report-bench.ts
//      npx tsx bench/report-bench.ts --baseline <dir>   (also buildReport from another checkout, e.g.
//      `git archive 09cc4c0 | tar -x -C <dir>`, alternating with this one in the same process, by wall and CPU time)

import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { mulberry32 } from '../src/demo/seeded-random.js';
import { buildReport } from '../src/report/engine/build-report.js';
import { compareVersions } from '../src/report/engine/compare-versions.js';
import { METRIC_COLUMNS, METRICS } from '../src/report/engine/metrics.js';
import type { VersionStats } from '../src/report/sql/load-version-stats.js';
import { powerTTest } from '../src/stats/index.js';
import { median } from './bench-kit.js';

const VERSIONS = 100;

/** A version's mart sums, as if it had `n` runs with these rates and means (sd as given). */
function versionStats(version: number, next: () => number): VersionStats {
  const n = 500 + Math.floor(next() * 5000);
  const rate = (p: number, trials = n) => Math.round(trials * Math.min(0.99, Math.max(0.01, p + (next() - 0.5) * 0.06)));
  const mean = (prefix: string, count: number, mu: number, sd: number): Record<string, number> => {
    const m = mu * (1 + (next() - 0.5) * 0.2);
    return { [`n_${prefix}`]: count, [`sum_${prefix}`]: count * m, [`sum_sq_${prefix}`]: (count - 1) * sd * sd + count * m * m };
  };
  const graded = Math.round(n * 0.5);
  const columns: Record<string, number> = {
    n_runs: n,
    n_resolved: rate(0.62),
    n_first_response_resolved: rate(0.35),
    n_succeeded: rate(0.9),
    n_errors: rate(0.07),
    n_graded: graded,
    n_passed: rate(0.7, graded),
    ...mean('grade_score', graded, 0.7, 0.25),
    ...mean('cost_usd', Math.round(n * 0.95), 0.021, 0.008),
    ...mean('latency_ms', Math.round(n * 0.97), 2400, 900),
    ...mean('total_tokens', n, 1800, 600),
  };
  const missing = METRIC_COLUMNS.filter((column) => !(column in columns));
  if (missing.length) throw new Error(`synthetic stats miss mart columns ${missing.join(', ')}`);
  return {
    agentVersionId: `bench@${version}`,
    version,
    nRuns: n,
    firstRunDate: '2026-03-01',
    lastRunDate: '2026-03-30',
    columns: Object.fromEntries(METRIC_COLUMNS.map((column) => [column, columns[column] as number])),
  };
}

/** Median over `samples` of the time per call, each sample timing `batch` calls (after a warm-up sample). */
function perCallMs(samples: number, batch: number, action: () => unknown): { median: number; min: number; max: number } {
  const times: number[] = [];
  for (let s = -1; s < samples; s++) {
    const started = performance.now();
    for (let i = 0; i < batch; i++) action();
    if (s >= 0) times.push((performance.now() - started) / batch);
  }
  return { median: median(times), min: Math.min(...times), max: Math.max(...times) };
}

const next = mulberry32(42);
const stats = Array.from({ length: VERSIONS }, (_, i) => versionStats(i + 1, next));
const [baseline, candidate] = stats as [VersionStats, VersionStats];

const pair = compareVersions(baseline, candidate);
const report = buildReport('bench', {}, stats);
const verdicts = new Map<string, number>();
for (const comparison of report.comparisons)
  for (const metric of comparison.metrics) verdicts.set(metric.verdict, (verdicts.get(metric.verdict) ?? 0) + 1);

const compare = perCallMs(21, 200, () => compareVersions(baseline, candidate));
const holmBH = perCallMs(21, 200, () => compareVersions(baseline, candidate, { adjustment: 'BH' }));
// Where the time of one comparison goes: the rate metrics alone, the mean metrics alone, and the
// power calculation of the means alone (powerTTest solving for n, as compareMetric calls it).
const rates = METRICS.filter((metric) => metric.kind === 'rate');
const means = METRICS.filter((metric) => metric.kind === 'mean');
const rateOnly = perCallMs(21, 200, () => compareVersions(baseline, candidate, { metrics: rates }));
const meanOnly = perCallMs(21, 200, () => compareVersions(baseline, candidate, { metrics: means }));
const powerCalls = pair.metrics
  .filter((metric) => metric.kind === 'mean' && metric.runsNeededPerVersion !== null)
  .map((metric) => ({
    delta: metric.minimumEffect,
    sd: Math.sqrt(((metric.baseline.sd ?? 0) ** 2 + (metric.candidate.sd ?? 0) ** 2) / 2),
  }));
const power = perCallMs(21, 50, () => {
  for (const { delta, sd } of powerCalls) powerTTest({ delta, sd, power: 0.8, alpha: 0.05 });
});
const build = perCallMs(21, 5, () => buildReport('bench', {}, stats));
const comparisons = report.comparisons.length;

const ms = (value: number) => `${value.toFixed(3)} ms`;
console.log(`metrics in METRICS: ${METRICS.length} (${METRICS.map((m) => m.key).join(', ')})`);
console.log(`one pair: ${pair.metrics.length} metric comparisons, overall '${pair.overall}'`);
console.log(
  `compareVersions, 1 pair, Holm (median of 21 samples × 200 calls): ${ms(compare.median)} per call (samples ${ms(compare.min)}–${ms(compare.max)})`,
);
console.log(`compareVersions, 1 pair, BH (median of 21 samples × 200 calls): ${ms(holmBH.median)} per call`);
console.log(
  `  of which the ${rates.length} rate metrics alone: ${ms(rateOnly.median)}; the ${means.length} mean metrics alone: ${ms(meanOnly.median)}`,
);
console.log(
  `  of which ${powerCalls.length} powerTTest calls solving for n (the means' runs-needed column): ${ms(power.median)} = ${(
    (power.median / compare.median) * 100
  ).toFixed(0)}% of compareVersions`,
);
console.log(
  `buildReport, ${VERSIONS} versions × ${METRICS.length} metrics (${VERSIONS * METRICS.length} values with intervals, ${comparisons} pair comparisons = ${
    comparisons * METRICS.length
  } metric tests) (median of 21 samples × 5 calls): ${ms(build.median)} per report (samples ${ms(build.min)}–${ms(build.max)})`,
);
console.log(`buildReport / compareVersions: ${(build.median / compare.median).toFixed(1)}× (${comparisons} comparisons inside)`);
console.log(`verdicts in the 100-version report: ${[...verdicts].map(([v, c]) => `${v} ${c}`).join(', ')}`);
console.log(`report as JSON: ${JSON.stringify(report).length.toLocaleString('en-US')} characters`);

// Alternating rounds keep a busy machine's load the same for both: each round times `batch`
// reports of each build, and the medians over rounds are compared.
const baselineAt = process.argv.indexOf('--baseline');
if (baselineAt > 0) {
  const dir = process.argv[baselineAt + 1] as string;
  const baseline = (await import(pathToFileURL(join(dir, 'src/report/build-report.ts')).href)) as { buildReport: typeof buildReport };
  const same = JSON.stringify(baseline.buildReport('bench', {}, stats)) === JSON.stringify(report);
  const wall: Record<'baseline' | 'this', number[]> = { baseline: [], this: [] };
  const cpu: Record<'baseline' | 'this', number[]> = { baseline: [], this: [] };
  const builds = { baseline: baseline.buildReport, this: buildReport };
  for (let round = -1; round < 11; round++) {
    for (const which of ['baseline', 'this'] as const) {
      const started = performance.now();
      const cpuStarted = process.cpuUsage();
      for (let i = 0; i < 3; i++) builds[which]('bench', {}, stats);
      const used = process.cpuUsage(cpuStarted);
      if (round < 0) continue;
      wall[which].push((performance.now() - started) / 3);
      cpu[which].push((used.user + used.system) / 1000 / 3);
    }
  }
  console.log(`\nbuildReport, ${dir} vs this checkout, alternating (median of 11 rounds × 3 reports each); same report JSON: ${same}`);
  for (const which of ['baseline', 'this'] as const) {
    console.log(`  ${which}: ${ms(median(wall[which]))} wall, ${ms(median(cpu[which]))} CPU per report`);
  }
  console.log(`  baseline / this: ${(median(cpu.baseline) / median(cpu.this)).toFixed(1)}× by CPU time`);
}
