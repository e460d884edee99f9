import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { createUiApp, type UiAppOptions } from './create-app.js';
import { assertSafeBind } from './security/assert-safe-bind.js';

export interface StartUiOptions extends UiAppOptions {
  host: string;
  /** 0 picks a free port. */
  port: number;
}

export interface UiServer {
  url: string;
  close(): Promise<void>;
}

/** Serves the page on host:port; an address other machines reach needs an auth mode (assertSafeBind). */
export async function startUiServer(options: StartUiOptions): Promise<UiServer> {
  assertSafeBind(options.host, options.auth);
  const app = createUiApp(options);
  const server = await new Promise<ReturnType<typeof serve>>((resolve, reject) => {
    const started = serve({ fetch: app.fetch, hostname: options.host, port: options.port }, () => resolve(started));
    started.once('error', reject);
  });
  const { port } = server.address() as AddressInfo;
  const shown = options.host.includes(':') ? `[${options.host}]` : options.host;
  return {
    url: `http://${shown}:${port}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        // Browsers keep idle connections open; they must not hold the process.
        if ('closeAllConnections' in server) server.closeAllConnections();
      }),
  };
}
