// The proxy in front of the embedded emulator, against two plain HTTP servers standing in for an
// old and a new emulator: held requests wait and go to the new one, in-flight ones finish on the
// old one, and an upstream that does not answer gives a BigQuery-shaped 502.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { type EmulatorProxy, startEmulatorProxy } from '../../../src/emulator/emulator-proxy.js';

const servers: http.Server[] = [];
let proxy: EmulatorProxy | undefined;
afterEach(async () => {
  await proxy?.close();
  for (const server of servers.splice(0)) server.close();
});

/** A server that answers `name` after `delayMs`, echoing the request body. */
async function upstream(name: string, delayMs = 0): Promise<string> {
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => {
      body += chunk;
    });
    req.on('end', () => setTimeout(() => res.end(`${name}:${req.method}:${req.url}:${body}`), delayMs));
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

describe('startEmulatorProxy', () => {
  it('forwards method, path and body', async () => {
    proxy = await startEmulatorProxy(await upstream('a'));
    const response = await fetch(`${proxy.host}/bigquery/v2/projects/local/queries?x=1`, { method: 'POST', body: '{"q":1}' });
    expect(await response.text()).toBe('a:POST:/bigquery/v2/projects/local/queries?x=1:{"q":1}');
  });

  it('lets in-flight requests finish before hold resolves, and sends held ones to the new upstream', async () => {
    proxy = await startEmulatorProxy(await upstream('old', 300));
    const slow = fetch(`${proxy.host}/slow`).then((response) => response.text());
    await expect.poll(() => proxy?.inFlight()).toBe(1);
    const held = proxy.hold();
    const queued = fetch(`${proxy.host}/queued`).then((response) => response.text());
    await held;
    expect(await slow).toBe('old:GET:/slow:');
    proxy.resume(await upstream('new'));
    expect(await queued).toBe('new:GET:/queued:');
    expect(proxy.inFlight()).toBe(0);
  });

  it('answers 502 with an error body when the upstream does not listen', async () => {
    const gone = await upstream('gone');
    (servers.pop() as http.Server).close();
    proxy = await startEmulatorProxy(gone);
    const response = await fetch(`${proxy.host}/x`);
    expect(response.status).toBe(502);
    expect(await response.json()).toMatchObject({ error: { code: 502, message: 'the embedded emulator did not answer (ECONNREFUSED)' } });
  });

  it('takes the port it is asked for when free, another one when not', async () => {
    const target = await upstream('a');
    const first = await startEmulatorProxy(target);
    const port = Number(new URL(first.host).port);
    const second = await startEmulatorProxy(target, { port });
    expect(second.host).not.toBe(first.host);
    await first.close();
    await second.close();
    proxy = await startEmulatorProxy(target, { port });
    expect(proxy.host).toBe(`http://127.0.0.1:${port}`);
  });
});
