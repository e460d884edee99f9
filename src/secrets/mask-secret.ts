/** Shorter secrets are hidden whole: four characters and two of twelve would be half of one. */
const MIN_PARTLY_SHOWN = 12;

/**
 * A secret as findings and errors show it: enough to recognise which one (`sk-p…Xy`), never
 * enough to use. A URL with a password keeps its scheme, user and host (`https://ann:…@db.acme.dev`),
 * which are what a reader needs to find it and are not secret.
 *
 * @example maskSecret('ghp_' + 'x'.repeat(36)) // 'ghp_…xx'
 */
export function maskSecret(secret: string): string {
  const userinfo = /^(?<prefix>[a-z][a-z0-9+.-]*:\/\/[^\s:@/]*):[^\s@/]*@(?<host>[^\s/?#]*)/i.exec(secret);
  if (userinfo?.groups) return `${userinfo.groups.prefix}:…@${userinfo.groups.host}`;
  if (secret.length < MIN_PARTLY_SHOWN) return '…';
  return `${secret.slice(0, 4)}…${secret.slice(-2)}`;
}
