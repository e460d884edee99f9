/**
 * How the guardrail set slows promotion: a candidate with +6 points of resolution (0.70 → 0.76)
 * and the same errors, cost and latency, 10% canary, 2,000 runs a day, 30 daily looks, with the
 * default guardrails (error_rate:+0.02, cost_usd:+10%) and with error_rate:+0.02 alone.
 * Run: npx tsx bench/rollout-promotion.ts [streams=100]   (results in bench/RESULTS.md)
 */
import { dayQuantile, simulateCanaries } from './rollout-simulation-kit.js';

const streams = Number(process.argv[2] ?? 100);
const base = { days: 30, runsPerDay: 2000, candidatePercent: 10, baselineResolution: 0.7, candidateResolution: 0.76, capPercentile: 0.99 };
console.log('| guardrails | promoted within 30 days | median / 90th percentile day | ends |');
console.log('|---|---|---|---|');
for (const guardrails of [
  [
    { metric: 'error_rate', margin: 0.02 },
    { metric: 'cost_usd', margin: 0.1, relative: true },
  ],
  [{ metric: 'error_rate', margin: 0.02 }],
]) {
  const r = simulateCanaries({ ...base, seed: 302, streams, policy: { guardrails, maxDays: 30 } });
  const days = r.stopDays.promote;
  console.log(
    `| ${guardrails.map((g) => g.metric).join(', ')} | ${((100 * days.length) / streams).toFixed(0)}% | ${dayQuantile(days, 0.5)} / ${dayQuantile(days, 0.9)} | ${JSON.stringify(r.counts)} |`,
  );
}
