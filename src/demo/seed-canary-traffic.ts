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
 * Tickets served through a label as production serves them: each ticket resolves the label with
 * itself as the unit (sticky arm), and its run is recorded with the resolver's tags (label,
 * release number, arm, unit). `resolutionRate(version)` is how well each version does; the runs
 * start after `since` (the canary's start), a second apart. Each version draws from its own
 * seeded stream: the canary's salt is random, so which tickets land in which arm changes from run
 * to run, and one shared stream would hand each arm different draws (a shared stream once made the
 * demo's candidate look only 8 points worse, and watch did not roll it back).
 */
export async function seedCanaryTraffic(
  connection: Connection,
  options: { agentId: string; label: string; tickets: number; since: Date; resolutionRate: (version: number) => number },
): Promise<CanaryTraffic> {
  const streams = new Map<number, () => number>();
  const streamOf = (version: number) => {
    const stream = streams.get(version) ?? mulberry32(version);
    streams.set(version, stream);
    return stream;
  };
  const resolver = new AgentResolver(connection);
  const recorder = new TelemetryRecorder(connection, { maxBatchRows: 500, flushOnExit: false });
  const byVersion = new Map<number, { runs: number; resolved: number }>();
  for (let i = 0; i < options.tickets; i++) {
    const ticket = `ticket-${i}`;
    const served = await resolver.resolve(options.agentId, { label: options.label, unit: ticket });
    const isResolved = recordDemoRun(recorder, streamOf(served.version), {
      executionId: `canary-${ticket}`,
      tags: served.tags,
      startedAt: new Date(options.since.getTime() + (i + 1) * 1000),
      resolutionRate: options.resolutionRate(served.version),
    });
    const counts = byVersion.get(served.version) ?? { runs: 0, resolved: 0 };
    byVersion.set(served.version, { runs: counts.runs + 1, resolved: counts.resolved + (isResolved ? 1 : 0) });
  }
  const { inserted, rejected } = await recorder.close();
  if (rejected.length > 0) throw new Error(`seedCanaryTraffic: ${rejected.length} rows refused: ${rejected[0]?.reason}`);
  const lines = [...byVersion.entries()]
    .sort(([a], [b]) => a - b)
    .map(
      ([version, { runs, resolved }]) =>
        `${options.agentId}@${version}: ${runs} tickets, ${((resolved / runs) * 100).toFixed(1)}% resolved`,
    );
  lines.push(`${inserted} rows streamed, each execution tagged with label ${options.label}, release number, arm and ticket`);
  return { byVersion, lines };
}
