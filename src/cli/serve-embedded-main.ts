// The process of a data folder's embedded server, started detached by attachEmbeddedServer with
// its options as one JSON argument; its output goes to <data folder>/emulator.log.
import { type ServeEmbeddedOptions, serveEmbedded } from './serve-embedded.js';

const log = (line: string) => process.stdout.write(`${new Date().toISOString()} [server ${process.pid}] ${line}\n`);
const options = JSON.parse(process.argv[2] ?? '{}') as Omit<ServeEmbeddedOptions, 'log'>;
try {
  await serveEmbedded({ ...options, log });
} catch (error) {
  log(`failed: ${(error as Error).stack ?? error}`);
  process.exitCode = 1;
}
// Nothing is left to wait for (a keep-alive socket, a timer of the BigQuery client's): end now.
process.exit();
