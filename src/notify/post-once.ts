import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';

/** What one POST got back. */
export interface PostAnswer {
  status: number;
  /** Retry-After in ms (seconds or an HTTP date), when the receiver sent one. */
  retryAfterMs: number | null;
  /** The start of the answer's body, for the error of a failed delivery. */
  text: string;
}

const MAX_TEXT = 200;

function retryAfter(value: string | undefined, now: number): number | null {
  if (!value) return null;
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? null : Math.max(0, at - now);
}

/**
 * One POST of `body` to `url` with `headers`, ended (and rejected) after `timeoutMs`; redirects
 * are not followed and no connection is kept alive, so a CLI process is not held open.
 * @example
 * await postOnce(new URL('https://hooks.example.com/x'), { 'content-type': 'application/json' }, '{}', 5000);
 * // { status: 200, retryAfterMs: null, text: 'ok' }
 */
export function postOnce(url: URL, headers: Record<string, string>, body: string, timeoutMs: number): Promise<PostAnswer> {
  const bytes = Buffer.from(body, 'utf8');
  const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const req = send(
      url,
      {
        method: 'POST',
        headers: { ...headers, 'content-length': String(bytes.length), connection: 'close' },
        agent: false,
        signal: AbortSignal.timeout(timeoutMs),
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          if (text.length < MAX_TEXT) text += chunk;
        });
        res.on('error', reject);
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            retryAfterMs: retryAfter(res.headers['retry-after'], Date.now()),
            text: text.slice(0, MAX_TEXT).replace(/\s+/g, ' ').trim(),
          }),
        );
      },
    );
    req.on('error', (error: Error) =>
      reject(error.name === 'AbortError' || error.name === 'TimeoutError' ? new Error(`no answer within ${timeoutMs} ms`) : error),
    );
    req.end(bytes);
  });
}
