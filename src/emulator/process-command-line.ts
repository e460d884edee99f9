import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';

/**
 * The command line of a process, its arguments joined by spaces, or undefined when it cannot be
 * read (the process ended). Used to tell whether a pid still names the emulator it was recorded
 * for before signalling it: pids are reused. Linux: /proc/<pid>/cmdline; elsewhere `ps -o command=`.
 * @example
 * await processCommandLine(emulator.pid) // '/…/bigquery-emulator --project=local … --database=/…/emulator.db'
 */
export async function processCommandLine(pid: number): Promise<string | undefined> {
  try {
    const raw = await readFile(`/proc/${pid}/cmdline`, 'utf8');
    return raw.split('\0').filter(Boolean).join(' ') || undefined;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT' && process.platform === 'linux') return undefined;
  }
  return new Promise((resolve) => {
    execFile('ps', ['-o', 'command=', '-p', String(pid)], (error, stdout) => resolve(error || !stdout.trim() ? undefined : stdout.trim()));
  });
}
