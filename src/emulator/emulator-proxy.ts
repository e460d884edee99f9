import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** An HTTP proxy in front of an emulator: a fixed address while the emulator behind it is replaced. */
export interface EmulatorProxy {
  /** e.g. `http://127.0.0.1:41235`, what clients use as the emulator host. */
  readonly host: string;
  /** Requests forwarded and not yet answered. */
  inFlight(): number;
  /**
   * Queues new requests and resolves once none is in flight: the emulator behind can then be
   * stopped without cutting a request short. Requests wait until `resume`.
   */
  hold(): Promise<void>;
  /** Forwards the queued and later requests to `target` (an emulator host). */
  resume(target: string): void;
  close(): Promise<void>;
}

/**
 * Starts the proxy on 127.0.0.1, forwarding to `target`: on `options.port` if it is free (the
 * address of a server that died, which its clients still use), else on a free port. It exists so that one
 * emulator process can be replaced by a fresh one on the same database file (the emulator keeps
 * memory for every script it ran, see bench/RESULTS.md) while its clients keep their address and
 * see only a short wait. A request the emulator cannot take gets a 502 with a BigQuery-shaped
 * error body, so the client reports it as a backend failure.
 * @example
 * const proxy = await startEmulatorProxy(emulator.host); // proxy.host: http://127.0.0.1:<port>
 */
export async function startEmulatorProxy(target: string, options: { port?: number } = {}): Promise<EmulatorProxy> {
  let upstream = new URL(target);
  let active = 0;
  let held = false;
  const queue: Array<() => void> = [];
  const drained: Array<() => void> = [];
  // Keep-alive: the BigQuery client sends many small requests, one after another.
  const newAgent = () => new http.Agent({ keepAlive: true, maxSockets: 16 });
  let agent = newAgent();

  const settle = () => {
    if (active === 0) for (const resolve of drained.splice(0)) resolve();
  };

  const forward = (req: http.IncomingMessage, res: http.ServerResponse) => {
    active++;
    let done = false;
    const finish = () => {
      if (done) return;
      done = true;
      active--;
      settle();
    };
    res.once('close', finish);
    const request = http.request(
      { host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers: req.headers, agent },
      (response) => {
        res.writeHead(response.statusCode ?? 502, response.headers);
        response.pipe(res);
      },
    );
    request.once('error', (error: NodeJS.ErrnoException) => {
      if (res.headersSent) {
        res.destroy();
        return;
      }
      const message = `the embedded emulator did not answer (${error.code ?? error.message})`;
      res.writeHead(502, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: { code: 502, message, errors: [{ reason: 'backendError', message }] } }));
    });
    req.pipe(request);
  };

  const server = http.createServer((req, res) => {
    if (held) queue.push(() => forward(req, res));
    else forward(req, res);
  });
  server.keepAliveTimeout = 5000;
  const listen = (port: number) =>
    new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => {
        server.off('error', reject);
        resolve();
      });
    });
  try {
    await listen(options.port ?? 0);
  } catch (error) {
    if (!options.port || (error as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw error;
    await listen(0);
  }
  const { port } = server.address() as AddressInfo;

  return {
    host: `http://127.0.0.1:${port}`,
    inFlight: () => active,
    hold: () => {
      held = true;
      return new Promise<void>((resolve) => {
        drained.push(resolve);
        settle();
      });
    },
    resume: (next) => {
      upstream = new URL(next);
      // Sockets to the old emulator are dead once it stopped.
      agent.destroy();
      agent = newAgent();
      held = false;
      for (const send of queue.splice(0)) send();
    },
    close: async () => {
      held = false;
      for (const send of queue.splice(0)) send();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      agent.destroy();
    },
  };
}
