import { describe, expect, it } from 'vitest';
import { assignArm } from '../../../src/releases/assign-arm.js';
import { chooseRoute } from '../../../src/releases/choose-route.js';

const units = Array.from({ length: 100_000 }, (_, i) => `ticket-${i}`);
const canary = { version: 41, candidateVersion: 42, candidatePercent: 10, assignmentSalt: 'canary-42' };

describe('chooseRoute (the assignment path of AgentResolver)', () => {
  it('agrees with itself on every unit across independent calls, and with assignArm', () => {
    // Two resolvers share no state but the release row, so two independent passes stand for them.
    const first = units.map((unit) => chooseRoute({ ...canary }, unit));
    const second = units.map((unit) => chooseRoute({ ...canary }, unit));
    expect(second).toEqual(first);
    first.forEach((route, i) => {
      const arm = assignArm('canary-42', units[i] as string, 10);
      expect(route).toEqual({ version: arm === 'candidate' ? 42 : 41, arm, assignmentUnit: units[i] });
    });
  });

  it('serves a release to everyone with no arm and no unit', () => {
    const release = { version: 7, candidateVersion: null, candidatePercent: null, assignmentSalt: null };
    expect(chooseRoute(release, 'u')).toEqual({ version: 7, arm: null, assignmentUnit: null });
  });

  it('assigns calls without a unit at random with the candidate share (±1 point over 20,000 calls)', () => {
    const routes = Array.from({ length: 20_000 }, () => chooseRoute(canary, undefined));
    expect(routes.every((route) => route.assignmentUnit === null)).toBe(true);
    const share = routes.filter((route) => route.arm === 'candidate').length / routes.length;
    // sd of the share is sqrt(0.1 × 0.9 / 20,000) ≈ 0.21 points: ±1 point is 4.7 sd
    expect(Math.abs(share * 100 - 10)).toBeLessThan(1);
    expect(routes.filter((route) => route.arm === 'candidate').every((route) => route.version === 42)).toBe(true);
  });
});
