/**
 * Test helper: runs the real `gradstream` bin (tools/cli/bin/gradstream.js) as a child process, the
 * way a user's shell does, and collects its exit code and output.
 *
 * @example
 * import { runCli } from './cli.js';
 * const { code, stdout } = await runCli(['generate', '--n', '3']);
 */
import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const BIN = fileURLToPath(new URL('../bin/gradstream.js', import.meta.url));
export const FIXTURE = fileURLToPath(new URL('../../../fixtures/d2l-linreg-sgd.json', import.meta.url));

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Environment of every child: no colours, no debug stacks. */
export const CHILD_ENV = { ...process.env, FORCE_COLOR: '0', GRADSTREAM_DEBUG: '' };

/** Starts the bin with `args`; the caller owns the process. */
export function startCli(args: readonly string[], options: SpawnOptions = {}): ChildProcess {
  return spawn(process.execPath, [BIN, ...args], { env: CHILD_ENV, stdio: ['pipe', 'pipe', 'pipe'], ...options });
}

/** Runs the bin to completion, writing `input` (if any) to its stdin. */
export function runCli(args: readonly string[], { input, timeoutMs = 60_000 }: { input?: string; timeoutMs?: number } = {}): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = startCli(args);
    let stdout = '';
    let stderr = '';
    child.stdout!.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr!.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`gradstream ${args.join(' ')} did not finish within ${timeoutMs} ms. stderr: ${stderr}`));
    }, timeoutMs);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
    child.stdin!.on('error', () => {}); // the child may exit before reading everything
    child.stdin!.end(input ?? '');
  });
}
