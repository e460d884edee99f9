import { describe, expect, it } from 'vitest';
import { diffConfigs } from '../../../src/diff/index.js';
import { renderDiffHtml } from '../../../src/ui/diff-html.js';
import { html } from '../../../src/ui/html.js';
import { assertSafeBind } from '../../../src/ui/security/assert-safe-bind.js';
import { CsrfTokens } from '../../../src/ui/security/csrf-tokens.js';
import { hostName, isLoopback } from '../../../src/ui/security/loopback.js';
import { crossSiteReason } from '../../../src/ui/security/same-origin.js';
import { TokenAuth } from '../../../src/ui/security/token-auth.js';
import { config } from '../diff/helpers.js';

const headers = (values: Record<string, string>) => ({ get: (name: string) => values[name] ?? null });

describe('html', () => {
  it('escapes every interpolated value unless it is SafeHtml, and joins arrays', () => {
    const payload = `<img src=x onerror=alert(1)>"'&`;
    expect(html`<td title="${payload}">${payload}</td>`.text).toBe(
      '<td title="&lt;img src=x onerror=alert(1)&gt;&quot;&#39;&amp;">&lt;img src=x onerror=alert(1)&gt;&quot;&#39;&amp;</td>',
    );
    expect(html`<ul>${['<a>', html`<li>${'<b>'}</li>`]}</ul>${null}${false}${undefined}`.text).toBe('<ul>&lt;a&gt;<li>&lt;b&gt;</li></ul>');
  });

  it('renders a config diff with every value as text, URLs never as links', () => {
    const before = config({ mcp_servers: [{ name: 'kb', url: 'https://kb.acme.dev/mcp' }], tools: ['a'] });
    const after = config({
      mcp_servers: [{ name: 'kb', url: 'https://evil.example/"><script>x</script>' }],
      tools: ['a', 'send_email'],
      extra: { note: '<img src=x onerror=alert(1)>' },
    });
    const out = renderDiffHtml(diffConfigs(before, after)).text;
    expect(out).toContain('<ins>+ send_email</ins>');
    expect(out).toContain('<ins>&quot;&lt;img src=x onerror=alert(1)&gt;&quot;</ins>');
    expect(out).toContain('<ins>https://evil.example/&quot;&gt;&lt;script&gt;x&lt;/script&gt;</ins>');
    expect(out).not.toMatch(/<a |<script>|<img/);
    expect(renderDiffHtml(diffConfigs(before, before)).text).toContain('No changes');
  });
});

describe('same-origin check', () => {
  it('accepts same-origin form posts and refuses cross-site, mismatched or header-less ones', () => {
    const host = '127.0.0.1:4141';
    expect(crossSiteReason(headers({ host, origin: 'http://127.0.0.1:4141', 'sec-fetch-site': 'same-origin' }))).toBeNull();
    expect(crossSiteReason(headers({ host, 'sec-fetch-site': 'same-origin' }))).toBeNull();
    expect(crossSiteReason(headers({ host, origin: 'http://127.0.0.1:4141' }))).toBeNull();
    expect(crossSiteReason(headers({ host, 'sec-fetch-site': 'same-site' }))).toBe('Sec-Fetch-Site is "same-site", not same-origin');
    expect(crossSiteReason(headers({ host, origin: 'http://127.0.0.1:9999' }))).toBe(
      'Origin http://127.0.0.1:9999 is not this server (127.0.0.1:4141)',
    );
    expect(crossSiteReason(headers({ host, origin: 'null' }))).toBe('Origin "null" is not a URL');
    expect(crossSiteReason(headers({ host }))).toBe('the request has neither an Origin nor a Sec-Fetch-Site header');
  });
});

describe('loopback and binding', () => {
  it('knows this machine from the network', () => {
    for (const host of ['127.0.0.1', '127.8.9.10', '::1', '[::1]', 'localhost', 'LOCALHOST']) expect(isLoopback(host)).toBe(true);
    for (const host of ['0.0.0.0', '::', '10.0.0.1', '192.168.1.2', 'localhost.evil.example', '127.0.0.1.nip.io']) {
      expect(isLoopback(host)).toBe(false);
    }
    expect(hostName('127.0.0.1:4141')).toBe('127.0.0.1');
    expect(hostName('[::1]:4141')).toBe('[::1]');
  });

  it('refuses a non-loopback bind without an auth mode, naming --host', () => {
    expect(() => assertSafeBind('0.0.0.0', { kind: 'none' })).toThrow(/--host: 0\.0\.0\.0 is reachable from other machines/);
    expect(() => assertSafeBind('0.0.0.0', { kind: 'token' })).not.toThrow();
    expect(() => assertSafeBind('127.0.0.1', { kind: 'none' })).not.toThrow();
  });
});

describe('tokens', () => {
  it('CSRF tokens are bound to the cookie and to the server secret', () => {
    const tokens = new CsrfTokens();
    const cookie = tokens.newCookie();
    expect(tokens.verify(cookie, tokens.tokenFor(cookie))).toBe(true);
    expect(tokens.verify(tokens.newCookie(), tokens.tokenFor(cookie))).toBe(false);
    expect(new CsrfTokens().verify(cookie, tokens.tokenFor(cookie))).toBe(false);
    expect(tokens.verify(undefined, tokens.tokenFor(cookie))).toBe(false);
    expect(tokens.verify(cookie, undefined)).toBe(false);
    expect(tokens.verify(cookie, 'short')).toBe(false);
  });

  it('the bearer token matches only itself, and the session cookie is not the token', () => {
    const auth = new TokenAuth('s3cret-token-for-tests');
    expect(auth.matches('s3cret-token-for-tests')).toBe(true);
    expect(auth.matches('s3cret-token-for-test')).toBe(false);
    expect(auth.matches('')).toBe(false);
    expect(auth.sessionValue).not.toContain('s3cret');
    expect(auth.matchesSession(auth.sessionValue)).toBe(true);
    expect(auth.matchesSession(new TokenAuth('another-token-0000').sessionValue)).toBe(false);
  });
});
