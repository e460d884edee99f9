import { chiSquaredTest } from 'agentver/stats';
import { describe, expect, it } from 'vitest';
import { assignArm, assignmentBucket } from '../../../src/releases/assign-arm.js';

const units = Array.from({ length: 100_000 }, (_, i) => `ticket-${i}`);

describe('assignArm', () => {
  it('matches SHA-256 computed elsewhere (Python hashlib, see the doc comment)', () => {
    // int.from_bytes(hashlib.sha256(b'canary-7f3a\x00ticket-1042').digest()[:6], 'big') % 10000 == 1277
    expect(assignmentBucket('canary-7f3a', 'ticket-1042')).toBe(1277);
    expect(assignArm('canary-7f3a', 'ticket-1042', 12.77)).toBe('baseline');
    expect(assignArm('canary-7f3a', 'ticket-1042', 12.78)).toBe('candidate');
  });

  for (const p of [1, 10, 50]) {
    it(`sends ${p}% ± 0.5 points of 100,000 units to the candidate`, () => {
      const share = units.filter((u) => assignArm('salt-a', u, p) === 'candidate').length / units.length;
      expect(Math.abs(share * 100 - p)).toBeLessThanOrEqual(0.5);
    });
  }

  it('is sticky over a ramp: every candidate at 10% is a candidate at 25%', () => {
    const at10 = units.filter((u) => assignArm('salt-ramp', u, 10) === 'candidate');
    expect(at10.length).toBeGreaterThan(9000);
    expect(at10.every((u) => assignArm('salt-ramp', u, 25) === 'candidate')).toBe(true);
    expect(units.every((u) => assignArm('salt-ramp', u, 0) === 'baseline')).toBe(true);
    expect(units.every((u) => assignArm('salt-ramp', u, 100) === 'candidate')).toBe(true);
  });

  it('splits independently under two salts (chi-squared on the 2 × 2 table, p > 0.001)', () => {
    const table = [
      [0, 0],
      [0, 0],
    ];
    for (const u of units) {
      const i = assignArm('canary-1', u, 50) === 'candidate' ? 1 : 0;
      const j = assignArm('canary-2', u, 50) === 'candidate' ? 1 : 0;
      (table[i] as number[])[j] = ((table[i] as number[])[j] as number) + 1;
    }
    expect(chiSquaredTest(table).pValue).toBeGreaterThan(0.001);
    // and the same salt is perfectly dependent, so the check can fail
    const same = [
      [0, 0],
      [0, 0],
    ];
    for (const u of units.slice(0, 10_000)) {
      const i = assignArm('canary-1', u, 50) === 'candidate' ? 1 : 0;
      (same[i] as number[])[i] = ((same[i] as number[])[i] as number) + 1;
    }
    expect(chiSquaredTest(same).pValue).toBeLessThan(1e-10);
  });

  it('refuses shares out of range or with more than two decimals', () => {
    expect(() => assignArm('s', 'u', 100.01)).toThrow(/^assignArm requires candidatePercent between 0 and 100/);
    expect(() => assignArm('s', 'u', 10.005)).toThrow(/^assignArm requires candidatePercent with at most two decimals/);
    expect(assignArm('s', 'u', 33.33)).toMatch(/^(baseline|candidate)$/);
    expect(() => assignArm('', 'u', 10)).toThrow(/^assignmentBucket requires a non-empty salt/);
  });
});
