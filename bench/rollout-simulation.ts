/**
 * Validity and power of guarded rollouts by seeded simulation (issue 12, item 6): A/A canaries
 * at 10% with 30 daily looks on heavy-tailed, correlated agent data; the SRM test on a correct
 * and a broken split; days until a 6-point resolution drop is rolled back, beside the
 * fixed-horizon sample size; and `sequentialTest` on the audit's lognormal case.
 * Run: npx tsx bench/rollout-simulation.ts [streams=1000]   (results in bench/RESULTS.md)
 */
import { powerProportions } from '../src/stats/power-proportions.js';
import { dayQuantile, simulateCanaries, simulateSequentialLognormal, simulateSrm } from './rollout-simulation-kit.js';

const streams = Number(process.argv[2] ?? 1000);
const se = (p: number, n: number) => Math.sqrt((p * (1 - p)) / n);
const pct = (x: number) => `${(100 * x).toFixed(1)}%`;
const base = { days: 30, runsPerDay: 2000, candidatePercent: 10, baselineResolution: 0.7 } as const;

console.log(`# guarded rollouts, ${streams} streams per A/A row (Monte-Carlo SE of 5%: ${pct(se(0.05, streams))})\n`);
console.log('| scenario | false rollback | false promotion | srm | no decision in 30 days |');
console.log('|---|---|---|---|---|');
for (const [label, capPercentile, seed] of [
  ['A/A, cost and latency capped at pooled p99', 0.99, 101],
  ['A/A, capped at pooled p99.9', 0.999, 102],
  ['A/A, no capping', 1, 103],
] as const) {
  const t = Date.now();
  const r = simulateCanaries({ ...base, seed, streams, candidateResolution: 0.7, capPercentile });
  const c = r.counts;
  console.log(
    `| ${label} | ${pct(c.rollback / streams)} | ${pct(c.promote / streams)} | ${pct(c.srm / streams)} | ${pct((c.continue + c.inconclusive) / streams)} |  (${((Date.now() - t) / 1000).toFixed(0)} s)`,
  );
}

console.log('\n| SRM, 2,000 runs a day, 30 daily looks | concentration | alpha | flagged ever | flagged by day 7 | median / last day |');
console.log('|---|---|---|---|---|---|');
for (const [label, served, alpha, concentration, seed] of [
  ['correct 10% split', 10, 0.05, 1000, 201],
  ['correct 10% split', 10, 0.001, 1000, 202],
  ['bug: 8% served instead of 10%', 8, 0.001, 1000, 203],
  ['bug: 9.5% served instead of 10%', 9.5, 0.001, 1000, 204],
  ['correct 10% split', 10, 0.05, 10000, 205],
  ['bug: 8% served instead of 10%', 8, 0.001, 10000, 206],
] as const) {
  const n = 2 * streams;
  const days = simulateSrm({
    seed,
    streams: n,
    days: 30,
    runsPerDay: 2000,
    candidatePercent: 10,
    servedPercent: served,
    alpha,
    concentration,
  });
  const hit = days.filter((d): d is number => d !== null);
  console.log(
    `| ${label} (${n} streams) | ${concentration} | ${alpha} | ${pct(hit.length / n)} | ${pct(hit.filter((d) => d <= 7).length / n)} | ${dayQuantile(hit, 0.5) ?? '—'} / ${dayQuantile(hit, 1) ?? '—'} |`,
  );
}

const drop = simulateCanaries({ ...base, seed: 301, streams: Math.min(streams, 500), candidateResolution: 0.64, capPercentile: 0.99 });
const rolled = drop.stopDays.rollback;
const fixed = powerProportions({ p1: 0.7, p2: 0.64, power: 0.8 });
// Equal arms need n per arm; with 1 : 9 arms the variance 1/n_c + 1/(9 n_c) must equal 2/n.
const candidateRuns = (fixed.n * (1 + 1 / 9)) / 2;
console.log('\n| power: resolution 0.70 → 0.64 at a 10% canary, 2,000 runs a day | value |');
console.log('|---|---|');
console.log(
  `| streams rolled back within 30 days | ${pct(rolled.length / Math.min(streams, 500))} (other ends: ${JSON.stringify(drop.counts)}) |`,
);
console.log(
  `| days until rollback: median / 90th percentile / max | ${dayQuantile(rolled, 0.5)} / ${dayQuantile(rolled, 0.9)} / ${dayQuantile(rolled, 1)} |`,
);
console.log(
  `| fixed horizon, 80% power, two-sided 0.05 (powerProportions): n per arm for equal arms | ${fixed.n.toFixed(0)}; at 10% : 90, ${candidateRuns.toFixed(0)} candidate runs = ${(candidateRuns * 10).toFixed(0)} runs = ${((candidateRuns * 10) / 2000).toFixed(1)} days |`,
);

const gain = simulateCanaries({ ...base, seed: 302, streams: Math.min(streams, 500), candidateResolution: 0.76, capPercentile: 0.99 });
const promoted = gain.stopDays.promote;
console.log(
  `| resolution 0.70 → 0.76, same cost/errors/latency: promoted within 30 days | ${pct(promoted.length / Math.min(streams, 500))}; median / 90th percentile day ${dayQuantile(promoted, 0.5)} / ${dayQuantile(promoted, 0.9)} (other ends: ${JSON.stringify(gain.counts)}) |`,
);

console.log('\n| sequentialTest (mSPRT), A/A lognormal σ = 1.5, 30 daily looks | ever rejected | rejected, arm b lower |');
console.log('|---|---|---|');
for (const [label, perDay, cap, seed] of [
  ['200 vs 20 a day, raw', [200, 20], 1, 401],
  ['200 vs 20 a day, capped at pooled p99', [200, 20], 0.99, 402],
  ['2,000 vs 200 a day, raw', [2000, 200], 1, 403],
  ['2,000 vs 200 a day, capped at pooled p99', [2000, 200], 0.99, 404],
] as const) {
  const n = perDay[0] > 1000 ? Math.min(streams, 500) : 2 * streams;
  const r = simulateSequentialLognormal({ seed, streams: n, looks: 30, perDay, capPercentile: cap });
  console.log(`| ${label} (${n} streams) | ${pct(r.rejected)} | ${pct(r.rejectedBLower)} |`);
}
