import type { Hono } from 'hono';

export interface PageResponse {
  status: number;
  location: string | null;
  headers: Headers;
  text: string;
}

/**
 * A browser-like client of the app in-process: it keeps cookies, sends the Host header, and sends
 * Origin and Sec-Fetch-Site on POSTs as browsers do (each can be overridden per request).
 */
export class PageClient {
  readonly cookies = new Map<string, string>();

  constructor(
    private readonly app: Hono<never> | { request: Hono['request'] },
    readonly host = '127.0.0.1:4141',
  ) {}

  async get(path: string, headers: Record<string, string> = {}): Promise<PageResponse> {
    return this.send(path, { method: 'GET', headers });
  }

  async post(path: string, form: Record<string, string | number>, headers: Record<string, string | null> = {}): Promise<PageResponse> {
    const body = new URLSearchParams(Object.fromEntries(Object.entries(form).map(([key, value]) => [key, String(value)])));
    const sent: Record<string, string | null> = {
      'content-type': 'application/x-www-form-urlencoded',
      origin: `http://${this.host}`,
      'sec-fetch-site': 'same-origin',
      ...headers,
    };
    const kept = Object.fromEntries(Object.entries(sent).filter((entry): entry is [string, string] => entry[1] !== null));
    return this.send(path, { method: 'POST', headers: kept, body: body.toString() });
  }

  /** The CSRF token of the first form on a page. */
  static csrf(page: PageResponse): string {
    const token = /name="csrf" value="([^"]+)"/.exec(page.text)?.[1];
    if (!token) throw new Error(`no CSRF token on the page:\n${page.text.slice(0, 500)}`);
    return token;
  }

  private async send(path: string, init: { method: string; headers: Record<string, string>; body?: string }): Promise<PageResponse> {
    const cookie = [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
    const response = await this.app.request(`http://${this.host}${path}`, {
      ...init,
      headers: { host: this.host, ...(cookie ? { cookie } : {}), ...init.headers },
    });
    for (const line of response.headers.getSetCookie()) {
      const [pair = '', ...attributes] = line.split(';');
      const [name = '', value = ''] = pair.split('=');
      if (attributes.some((attribute) => /max-age=0/i.test(attribute.trim()))) this.cookies.delete(name.trim());
      else this.cookies.set(name.trim(), value.trim());
    }
    return { status: response.status, location: response.headers.get('location'), headers: response.headers, text: await response.text() };
  }
}
