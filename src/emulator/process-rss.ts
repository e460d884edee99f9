import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';

/**
 * The resident memory of a process in bytes, or undefined when it cannot be read (the process
 * ended). Linux: VmRSS of /proc/<pid>/status; elsewhere (macOS) `ps -o rss=`. Both report KiB.
 * @example
 * await processRssBytes(emulator.pid) // 157286400
 */
export async function processRssBytes(pid: number): Promise<number | undefined> {
  try {
    const status = await readFile(`/proc/${pid}/status`, 'utf8');
    const kib = /^VmRSS:\s+(\d+) kB$/m.exec(status)?.[1];
    return kib === undefined ? undefined : Number(kib) * 1024;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT' && process.platform === 'linux') return undefined;
  }
  return new Promise((resolve) => {
    execFile('ps', ['-o', 'rss=', '-p', String(pid)], (error, stdout) => {
      const kib = Number(stdout.trim());
      resolve(error || !stdout.trim() || !Number.isFinite(kib) ? undefined : kib * 1024);
    });
  });
}
