// secretlint 12's profiler keeps every scan's performance marks and searches them all at each rule's
// end (secretlint#1633), so a process slowed with every config it scanned; scanText empties it.
import { secretLintProfiler } from '@secretlint/profiler';
import { describe, expect, it } from 'vitest';
import { scanText } from '../../../src/secrets/scan-text.js';
import { FAKE_SECRETS } from './fake-secrets.js';

describe('scanText', () => {
  it('leaves nothing recorded by the scanner profiler, however many strings it scans', async () => {
    const secret = FAKE_SECRETS[0];
    if (!secret) throw new Error('fixture changed');
    for (let i = 0; i < 30; i++) {
      const found = await scanText(i % 2 ? `prompt ${i}` : `key ${secret.secret}`);
      expect(found.length).toBe(i % 2 ? 0 : 1);
    }
    // Node delivers the last scan's marks and measures a turn later: at most one scan's worth stays
    // (a scan records 116 marks and 58 measures), not thirty.
    await new Promise((resolve) => setTimeout(resolve, 20));
    const recorded = (await secretLintProfiler.getEntries()).length + (await secretLintProfiler.getMeasures()).length;
    expect(recorded).toBeLessThanOrEqual(116 + 58);
  });
});
