import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { contentHash } from '../../../src/config/parse-config.js';
import type { ConfigFileFormat } from '../../../src/config/serialize-config.js';
import { exportFiles } from '../../../src/plan/export-files.js';
import { loadConfigFiles } from '../../../src/plan/load-config-files.js';
import { planConfigs } from '../../../src/plan/plan-configs.js';
import { arbitraryConfig } from '../config/arbitrary-config.js';

const agents = fc.uniqueArray(fc.record({ agentId: fc.stringMatching(/^[a-z][a-z0-9_-]{0,15}$/), config: arbitraryConfig }), {
  minLength: 1,
  maxLength: 4,
  selector: (agent) => agent.agentId,
});

describe('export, then plan', () => {
  it.each<ConfigFileFormat>(['yaml', 'json'])(
    'is in sync for any configs exported as %s files',
    async (format) => {
      await fc.assert(
        fc.asyncProperty(agents, async (exported) => {
          const dir = await mkdtemp(join(tmpdir(), 'agentver-export-'));
          try {
            const files = exportFiles(exported, format);
            await Promise.all(files.map((file) => writeFile(join(dir, file.name), file.text)));
            const latest = new Map(
              exported.map(({ agentId, config }) => [agentId, { version: 1, config, contentHash: contentHash(config) }]),
            );
            const plan = planConfigs(await loadConfigFiles([dir]), latest);
            expect(plan.summary).toEqual({ create: 0, update: 0, unchanged: exported.length, not_in_files: 0 });
          } finally {
            await rm(dir, { recursive: true, force: true });
          }
        }),
        { numRuns: 40 },
      );
    },
    60_000,
  );

  it('names each file by agent id, in id order', () => {
    const [config] = fc.sample(arbitraryConfig, { numRuns: 1, seed: 1 });
    if (!config) throw new Error('no sample');
    const files = exportFiles(
      [
        { agentId: 'triage', config },
        { agentId: 'billing', config },
      ],
      'json',
    );
    expect(files.map((file) => file.name)).toEqual(['billing.json', 'triage.json']);
  });
});
