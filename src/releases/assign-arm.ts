import { hash } from 'node:crypto';

/** The arm of a canary a unit is served. */
export type Arm = 'baseline' | 'candidate';

/** Buckets per canary: shares are set in steps of 0.01 percentage points. */
export const BUCKETS = 10_000;

/**
 * The bucket of a unit in a canary: the first 6 bytes of SHA-256(salt ‖ 0x00 ‖ unit), read as
 * a big-endian 48-bit integer, mod 10,000.
 *
 * SHA-256 because it is in node:crypto and in BigQuery (`SHA256()`), so an analyst can recompute
 * any run's assignment in SQL and audit the logged arm:
 *   MOD(CAST(CONCAT('0x', TO_HEX(SUBSTR(SHA256(CONCAT(salt, '\x00', unit)), 1, 6))) AS INT64), 10000)
 * and because its output is uniform and independent across salts, which a 32-bit
 * multiplicative hash (FNV, murmur) only approximates. The 0x00 separator keeps ('ab', 'c') and
 * ('a', 'bc') apart. 48 bits mod 10,000 has a modulo bias below 10,000/2⁴⁸ ≈ 4e-11.
 *
 * Cost: one SHA-256 of the salt and unit (about 0.4 µs).
 */
export function assignmentBucket(salt: string, unit: string): number {
  if (typeof salt !== 'string' || salt.length === 0) throw new TypeError('assignmentBucket requires a non-empty salt');
  if (typeof unit !== 'string' || unit.length === 0) throw new TypeError('assignmentBucket requires a non-empty unit');
  // crypto.hash with hex out is about 4× faster than createHash().digest() for short inputs, which
  // keeps a canary resolve on a cache hit near a plain one (bench/resolver-bench.ts).
  return Number.parseInt(hash('sha256', `${salt}\u0000${unit}`, 'hex').slice(0, 12), 16) % BUCKETS;
}

/**
 * Sticky assignment of a unit (a ticket, a user, a session) to an arm of a canary: candidate
 * iff `assignmentBucket(salt, unit)` < round(candidatePercent × 100).
 *
 * The same unit gets the same arm in every process; a ramp (10% → 25%, same salt) keeps every
 * unit that was in the candidate there, because the threshold only grows; the salt is per
 * canary, so two canaries split the units independently. `candidatePercent` is in [0, 100]
 * with at most two decimals (0 sends nobody, 100 everybody).
 *
 * @example
 * // Python: int.from_bytes(hashlib.sha256(b'canary-7f3a\x00ticket-1042').digest()[:6], 'big') % 10000 = 1277
 * assignArm('canary-7f3a', 'ticket-1042', 10); // 'baseline' (1277 ≥ 1000); at 12.78 it is 'candidate'
 */
export function assignArm(salt: string, unit: string, candidatePercent: number): Arm {
  if (typeof candidatePercent !== 'number' || !Number.isFinite(candidatePercent) || candidatePercent < 0 || candidatePercent > 100) {
    throw new RangeError('assignArm requires candidatePercent between 0 and 100');
  }
  const threshold = Math.round(candidatePercent * 100);
  if (Math.abs(threshold - candidatePercent * 100) > 1e-6) {
    throw new RangeError('assignArm requires candidatePercent with at most two decimals');
  }
  return assignmentBucket(salt, unit) < threshold ? 'candidate' : 'baseline';
}
