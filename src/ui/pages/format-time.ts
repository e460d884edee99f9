/**
 * A stored time (ISO-8601, microseconds, UTC) for reading: `2026-11-20 09:00 UTC`. UTC, so the
 * same version reads the same for everyone on call, whatever their time zone.
 */
export function formatTime(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : `${date.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}
