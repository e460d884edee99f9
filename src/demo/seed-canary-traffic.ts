import type { Connection } from '../bigquery/connection.js';
import { AgentResolver } from '../runtime/agent-resolver.js';
import { TelemetryRecorder } from '../telemetry/telemetry-recorder.js';
import { recordDemoRun } from './demo-run.js';
import { mulberry32 } from './seeded-random.js';

/** What the traffic looked like: runs and resolution rate per version served. */
export interface CanaryTraffic {
  byVersion: Map<number, { runs: number; resolved: number }>;
  lines: string[];
}

/**
 * Units (tickets, customers) served through a label as production serves them: each unit resolves
 * the label with itself as the unit (a sticky arm in a canary, recorded outside one too), and each
 * run is recorded with the resolver's tags (label, release number, arm, unit).
 * `resolutionRate(version, unit)` is how well each version does for a unit (a customer's own
 * propensity makes its history predict it); the runs start after `since`, a second apart, each
 * unit's `runsPerUnit` runs in rounds. Each version draws from its own seeded stream: the canary's
 * salt is random, so which units land in which arm changes from run to run, and one shared stream
 * would hand each arm different draws (a shared stream once made the demo's candidate look only 8
 * points worse, and watch did not roll it back).
 */
export async function seedCanaryTraffic(
  connection: Connection,
  options: {
    agentId: string;
    label: string;
    units: number;
    /** Runs of each unit (default 1). */
    runsPerUnit?: number;
    /** A unit's name, e.g. ticket-7 (default) or customer-7. */
    unitName?: (i: number) => string;
    since: Date;
    resolutionRate: (version: number, unit: number) => number;
    /** Seeds each version's stream (default 0): traffic of another phase draws anew. */
    seed?: number;
  },
): Promise<CanaryTraffic> {
  const streams = new Map<number, () => number>();
  const streamOf = (version: number) => {
    const stream = streams.get(version) ?? mulberry32(version + 1000 * (options.seed ?? 0));
    streams.set(version, stream);
    return stream;
  };
  const name = options.unitName ?? ((i: number) => `ticket-${i}`);
  const resolver = new AgentResolver(connection);
  const recorder = new TelemetryRecorder(connection, { maxBatchRows: 500, flushOnExit: false });
  const byVersion = new Map<number, { runs: number; resolved: number }>();
  let n = 0;
  for (let round = 0; round < (options.runsPerUnit ?? 1); round++) {
    for (let i = 0; i < options.units; i++) {
      const unit = name(i);
      const served = await resolver.resolve(options.agentId, { label: options.label, unit });
      const isResolved = recordDemoRun(recorder, streamOf(served.version), {
        executionId: `${options.seed ?? 0}-${round}-${unit}`,
        tags: served.tags,
        startedAt: new Date(options.since.getTime() + ++n * 1000),
        resolutionRate: options.resolutionRate(served.version, i),
      });
      const counts = byVersion.get(served.version) ?? { runs: 0, resolved: 0 };
      byVersion.set(served.version, { runs: counts.runs + 1, resolved: counts.resolved + (isResolved ? 1 : 0) });
    }
  }
  const { inserted, rejected } = await recorder.close();
  if (rejected.length > 0) throw new Error(`seedCanaryTraffic: ${rejected.length} rows refused: ${rejected[0]?.reason}`);
  const lines = [...byVersion.entries()]
    .sort(([a], [b]) => a - b)
    .map(
      ([version, { runs, resolved }]) => `${options.agentId}@${version}: ${runs} runs, ${((resolved / runs) * 100).toFixed(1)}% resolved`,
    );
  lines.push(`${inserted} rows streamed, each execution tagged with label ${options.label}, release number, arm and unit`);
  return { byVersion, lines };
}
