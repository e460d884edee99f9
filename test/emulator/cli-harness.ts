import { Readable } from 'node:stream';
import type { CliIo } from '../../src/cli/io.js';
import { runCli } from '../../src/cli/program.js';

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
  json: () => unknown;
}

export interface HarnessOptions {
  cwd: string;
  stdin?: string;
  interactive?: boolean;
  confirm?: boolean;
}

/** Runs the CLI in-process, as a user would from `cwd`, and captures what it prints. */
export async function runCliCaptured(args: string[], options: HarnessOptions): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const io: CliIo = {
    stdout: (text) => {
      stdout += text.endsWith('\n') ? text : `${text}\n`;
    },
    stderr: (text) => {
      stderr += text.endsWith('\n') ? text : `${text}\n`;
    },
    readStdin: async () => Buffer.from(options.stdin ?? ''),
    openStdin: () => Readable.from([options.stdin ?? '']),
    isInteractive: options.interactive ?? false,
    confirm: async () => options.confirm ?? false,
    env: {},
    cwd: options.cwd,
  };
  const code = await runCli(args, io);
  return { code, stdout, stderr, json: () => JSON.parse(stdout) };
}
