import { isIP } from 'node:net';

/** Whether a bind address or a Host header's name is this machine only (127.0.0.0/8, ::1, localhost). */
export function isLoopback(host: string): boolean {
  const name = host.replace(/^\[(.*)\]$/, '$1').toLowerCase();
  if (name === 'localhost' || name === '::1') return true;
  return isIP(name) === 4 && name.startsWith('127.');
}

/** The name part of a Host header: `127.0.0.1:4141` → `127.0.0.1`, `[::1]:4141` → `[::1]`. */
export function hostName(header: string): string {
  return header.startsWith('[') ? header.slice(0, header.indexOf(']') + 1) : (header.split(':')[0] ?? '');
}
