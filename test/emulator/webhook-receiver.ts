import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Received {
  path: string;
  headers: IncomingHttpHeaders;
  /** The raw body, as the bytes came. */
  body: string;
  at: number;
}

/** A webhook receiver on 127.0.0.1: records every request; answers each path from its plan (then 200). */
export interface Receiver {
  url: (path: string) => string;
  received: Received[];
  /** The statuses the next requests to `path` get, in order (0: never answer); then 200. */
  plan: (path: string, statuses: number[], headers?: Record<string, string>) => void;
  clear: () => void;
  close: () => Promise<void>;
}

export async function startReceiver(): Promise<Receiver> {
  const received: Received[] = [];
  const plans = new Map<string, { statuses: number[]; headers: Record<string, string> }>();
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const path = req.url ?? '/';
      received.push({ path, headers: req.headers, body: Buffer.concat(chunks).toString('utf8'), at: Date.now() });
      const plan = plans.get(path);
      const status = plan?.statuses.shift() ?? 200;
      if (status === 0) return; // hang: never answer
      res.writeHead(status, { 'content-type': 'text/plain', ...(status === 200 ? {} : (plan?.headers ?? {})) });
      res.end(status === 200 ? 'ok' : `planned ${status}`);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: (path) => `http://127.0.0.1:${port}${path}`,
    received,
    plan: (path, statuses, headers = {}) => plans.set(path, { statuses: [...statuses], headers }),
    clear: () => {
      received.length = 0;
      plans.clear();
    },
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A receiver's check, written with node:crypto alone (as docs/notifications.md tells receivers to). */
export function signatureIsValid(request: Received, secret: string, toleranceSeconds = 300): boolean {
  const timestamp = request.headers['x-agentver-timestamp'];
  const signature = request.headers['x-agentver-signature'];
  if (typeof timestamp !== 'string' || typeof signature !== 'string') return false;
  if (Math.abs(Date.now() / 1000 - Number(timestamp)) > toleranceSeconds) return false;
  const expected = `sha256=${createHmac('sha256', secret).update(`${timestamp}.${request.body}`).digest('hex')}`;
  return expected.length === signature.length && timingSafeEqual(Buffer.from(expected), Buffer.from(signature));
}
