/**
 * Whether a process with this pid exists on this machine: signal 0 checks without signalling.
 * EPERM means it exists under another user. A pid can be reused after its process ended, so a
 * caller that must be sure also checks something only the right process does (answers on a port).
 * @example
 * isProcessAlive(process.pid) // true
 */
export function isProcessAlive(pid: number): boolean {
  if (!Number.isSafeInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
