/**
 * Why a state-changing request is refused as cross-site, or null when it is same-origin.
 * Browsers send Sec-Fetch-Site and Origin on every form POST; a request with neither did not come
 * from this page's forms, so it is refused too (the CLI is the tool for scripts).
 */
export function crossSiteReason(headers: { get(name: string): string | null | undefined }): string | null {
  const site = headers.get('sec-fetch-site');
  const origin = headers.get('origin');
  const host = headers.get('host');
  if (site && site !== 'same-origin') return `Sec-Fetch-Site is "${site}", not same-origin`;
  if (origin) {
    let originHost: string;
    try {
      originHost = new URL(origin).host;
    } catch {
      return `Origin "${origin}" is not a URL`;
    }
    if (originHost !== host) return `Origin ${origin} is not this server (${host ?? 'no Host header'})`;
    return null;
  }
  return site ? null : 'the request has neither an Origin nor a Sec-Fetch-Site header';
}
