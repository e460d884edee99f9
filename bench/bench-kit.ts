// Shared by the bench scripts: timing, medians, and a connection to a fresh emulator or a project.
import { randomUUID } from 'node:crypto';
import { type Connection, connect } from '../src/bigquery/connection.js';
import { type LocalEmulator, startEmulator } from '../src/emulator/local-emulator.js';

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[middle] as number) : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

export async function timeMs(action: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await action();
  return performance.now() - started;
}

/** Median of `repeats` timings of `action`, after one warm-up run. */
export async function medianMs(repeats: number, action: (i: number) => Promise<unknown>): Promise<number> {
  await action(-1);
  const times: number[] = [];
  for (let i = 0; i < repeats; i++) times.push(await timeMs(() => action(i)));
  return median(times);
}

export interface BenchTarget {
  connection: Connection;
  emulator: LocalEmulator | undefined;
  close: () => Promise<void>;
}

/** `--project <id>` benchmarks real BigQuery (a fresh dataset); otherwise a fresh emulator. */
export async function openTarget(label: string): Promise<BenchTarget> {
  const projectFlag = process.argv.indexOf('--project');
  const datasetId = `bench_${label}_${randomUUID().slice(0, 8)}`;
  if (projectFlag > 0) {
    const connection = connect({ projectId: process.argv[projectFlag + 1] as string, datasetId });
    await connection.bigquery.createDataset(datasetId);
    return {
      connection,
      emulator: undefined,
      close: async () => void (await connection.bigquery.dataset(datasetId).delete({ force: true })),
    };
  }
  const emulator = await startEmulator({ projectId: 'bench' });
  const connection = connect({ projectId: 'bench', datasetId, emulatorHost: emulator.host });
  await connection.bigquery.createDataset(datasetId);
  return { connection, emulator, close: () => emulator.stop() };
}

export const fmt = (ms: number) => `${ms.toFixed(1)} ms`;
export const ratio = (value: number, unit: number) => `${(value / unit).toFixed(2)}×`;
