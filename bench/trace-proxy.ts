import { appendFileSync } from 'node:fs';
import http from 'node:http';

/**
 * A logging HTTP proxy in front of the emulator, to see what a client (the Dataform CLI) asks and
 * what each request costs: one tab-separated line a request, appended to `logFile` when it ends:
 * start (ms since the proxy started), duration ms, method, path, status, the first 90 characters
 * of the SQL sent. The emulator serializes requests, so a request's own cost is its end minus the
 * later of its start and the previous end.
 */
export function traceProxy(targetHost: string, logFile: string): Promise<{ host: string; close: () => void }> {
  const target = new URL(targetHost);
  const t0 = performance.now();
  const server = http.createServer((req, res) => {
    const started = performance.now();
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const upstream = http.request(
        { host: target.hostname, port: target.port, method: req.method, path: req.url, headers: req.headers },
        (response) => {
          res.writeHead(response.statusCode ?? 502, response.headers);
          response.pipe(res);
          response.on('end', () => {
            let sql = '';
            try {
              const json = JSON.parse(body.toString('utf8'));
              sql = String(json.configuration?.query?.query ?? json.query ?? '');
            } catch {
              // not JSON: a GET or DELETE
            }
            const line = [
              (started - t0).toFixed(0),
              (performance.now() - started).toFixed(0),
              req.method,
              req.url?.split('?')[0],
              response.statusCode,
              sql.replace(/\s+/g, ' ').slice(0, 90),
            ];
            appendFileSync(logFile, `${line.join('\t')}\n`);
          });
        },
      );
      upstream.on('error', () => res.destroy());
      upstream.end(body);
    });
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      resolve({ host: `http://127.0.0.1:${port}`, close: () => server.close() });
    }),
  );
}
