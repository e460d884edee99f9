import { powerProportions } from 'agentver/stats';
import { describe, expect, it } from 'vitest';
import { dayQuantile, simulateCanaries, simulateSequentialLognormal, simulateSrm } from '../../bench/rollout-simulation-kit.js';
import { monteCarloSe } from './helpers.js';

/**
 * Fast, seeded versions of bench/rollout-simulation.ts (whose full runs are in bench/RESULTS.md).
 * Each bound is the target rate plus two Monte-Carlo standard errors of the streams simulated.
 */
const alpha = 0.05;

describe('guarded rollout: A/A canaries at 10%, daily looks, heavy-tailed correlated data', () => {
  it('false rollbacks and false promotions each stay at or under 5% (cost and latency capped at pooled p99)', () => {
    const streams = 120;
    const r = simulateCanaries({
      seed: 11,
      streams,
      days: 14,
      runsPerDay: 1000,
      candidatePercent: 10,
      baselineResolution: 0.7,
      candidateResolution: 0.7,
      capPercentile: 0.99,
    });
    const limit = alpha + 2 * monteCarloSe(alpha, streams);
    expect(r.counts.rollback / streams).toBeLessThanOrEqual(limit);
    expect(r.counts.promote / streams).toBeLessThanOrEqual(limit);
    expect(r.counts.srm / streams).toBeLessThanOrEqual(limit);
  }, 30_000);

  it('rolls back a 6-point resolution drop (0.70 → 0.64) at 2,000 runs a day within two weeks', () => {
    const streams = 30;
    const r = simulateCanaries({
      seed: 12,
      streams,
      days: 14,
      runsPerDay: 2000,
      candidatePercent: 10,
      baselineResolution: 0.7,
      candidateResolution: 0.64,
      capPercentile: 0.99,
    });
    expect(r.stopDays.rollback.length / streams).toBeGreaterThanOrEqual(0.9);
    // An always-valid test pays for peeking: it needs more data than the fixed horizon's
    // sample size for 80% power (powerProportions, R's power.prop.test), which at a 10% canary is
    // n·(1 + 1/9)/2 candidate runs, i.e. 2.7 days of 2,000 runs.
    const fixed = powerProportions({ p1: 0.7, p2: 0.64, power: 0.8 });
    const fixedDays = (((fixed.n * (1 + 1 / 9)) / 2) * 10) / 2000;
    expect(dayQuantile(r.stopDays.rollback, 0.5)).toBeGreaterThan(fixedDays);
  }, 30_000);
});

describe('srmTest over 30 daily looks at 2,000 runs a day', () => {
  it('flags a correct 10% split at most at its alpha', () => {
    const streams = 400;
    const days = simulateSrm({
      seed: 21,
      streams,
      days: 30,
      runsPerDay: 2000,
      candidatePercent: 10,
      servedPercent: 10,
      alpha,
      concentration: 1000,
    });
    expect(days.filter((d) => d !== null).length / streams).toBeLessThanOrEqual(alpha + 2 * monteCarloSe(alpha, streams));
  });

  it('flags a bug serving 8% instead of 10% within 7 days (alpha 0.001, concentration 1000 as the policy)', () => {
    const days = simulateSrm({
      seed: 22,
      streams: 200,
      days: 7,
      runsPerDay: 2000,
      candidatePercent: 10,
      servedPercent: 8,
      alpha: 0.001,
      concentration: 1000,
    });
    expect(days.every((d) => d !== null && d <= 7)).toBe(true);
  });
});

describe('sequentialTest on the audit case: lognormal σ = 1.5, 200 vs 20 runs a day, 30 looks', () => {
  it('rejects an A/A at most at alpha (was 14.1% with the Welch variance alone)', () => {
    const streams = 400;
    const r = simulateSequentialLognormal({ seed: 31, streams, looks: 30, perDay: [200, 20], capPercentile: 1 });
    expect(r.rejected).toBeLessThanOrEqual(alpha + 2 * monteCarloSe(alpha, streams));
  });
});
