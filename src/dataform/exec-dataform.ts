import { spawn } from 'node:child_process';
import { dataformCliPath } from './dataform-project.js';

export interface ExecDataformOptions {
  env?: NodeJS.ProcessEnv;
  /** Called with each line the CLI prints (stdout and stderr), without colour codes. */
  onOutput?: (line: string) => void;
}

export interface ExecDataformResult {
  exitCode: number;
  stdout: string;
  /** stdout and stderr interleaved as they arrived, without colour codes. */
  output: string;
  durationMs: number;
}

// The CLI colours its messages even when its output is not a terminal.
const ANSI = new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*m`, 'g');

/**
 * Runs the installed `dataform` CLI in a child Node process, so a failing run (or a crash in the
 * CLI) never takes the caller down, and collects its output line by line.
 */
export function execDataform(args: readonly string[], options: ExecDataformOptions = {}): Promise<ExecDataformResult> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [dataformCliPath(), ...args], {
      env: options.env ?? process.env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let output = '';
    const partial = { stdout: '', stderr: '' };
    const take = (stream: 'stdout' | 'stderr') => (chunk: Buffer) => {
      const text = chunk.toString('utf8').replace(ANSI, '');
      if (stream === 'stdout') stdout += text;
      output += text;
      const lines = (partial[stream] + text).split('\n');
      partial[stream] = lines.pop() ?? '';
      for (const line of lines) options.onOutput?.(line);
    };
    child.stdout.on('data', take('stdout'));
    child.stderr.on('data', take('stderr'));
    child.on('error', reject);
    child.on('close', (code, signal) => {
      for (const rest of [partial.stdout, partial.stderr]) if (rest) options.onOutput?.(rest);
      resolve({ exitCode: code ?? (signal ? 128 : 1), stdout, output, durationMs: performance.now() - started });
    });
  });
}
