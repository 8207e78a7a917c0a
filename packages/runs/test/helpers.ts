// Test helpers: temporary directories of runs, child processes started with tsx (real processes, real
// signals), and waiting for a file condition.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { lastValueFrom, toArray, type Observable } from 'rxjs';

const made: string[] = [];

/** A new directory `gradstream-runs-<name>-XXXXXX` in the OS temp folder, removed by {@link removeTempDirs}. */
export function tempDir(name: string): string {
  const dir = mkdtempSync(join(tmpdir(), `gradstream-runs-${name}-`));
  made.push(dir);
  return dir;
}

/** Removes every directory {@link tempDir} made so far: each test file's `test.after(removeTempDirs)`. */
export function removeTempDirs(): void {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
}

export const collect = <T>(o: Observable<T>): Promise<T[]> => lastValueFrom(o.pipe(toArray()));

/** Starts `test/fixtures/<script>.ts` with tsx; its stdout and stderr are collected on the returned object. */
export function startFixture(script: string, args: string[]): ChildProcess & { output: () => string } {
  const file = fileURLToPath(new URL(`./fixtures/${script}.ts`, import.meta.url));
  const child = spawn(process.execPath, ['--import', import.meta.resolve('tsx'), file, ...args], { stdio: ['pipe', 'pipe', 'pipe'] });
  let output = '';
  child.stdout!.setEncoding('utf8').on('data', (d: string) => (output += d));
  child.stderr!.setEncoding('utf8').on('data', (d: string) => (output += d));
  return Object.assign(child, { output: () => output });
}

/** The step at which a `run-job` fixture started with a hold step stopped (it printed `held <step>`). */
export async function heldAt(child: ChildProcess & { output: () => string }): Promise<number> {
  await waitFor('the writer to hold', () => /^held \d+$/m.test(child.output()), 30_000);
  return Number(/^held (\d+)$/m.exec(child.output())![1]);
}

/** Lets a held `run-job` fixture go on to its end. */
export const release = (child: ChildProcess): void => void child.stdin!.end('go\n');

/** Polls `check` every 20 ms until it returns true; fails after `timeoutMs` naming `what`. */
export async function waitFor(what: string, check: () => boolean, timeoutMs = 30_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Resolves when the child has exited, with its exit code or signal. */
export const exited = (child: ChildProcess): Promise<number | NodeJS.Signals | null> =>
  child.exitCode !== null || child.signalCode !== null
    ? Promise.resolve(child.exitCode ?? child.signalCode)
    : new Promise((resolve) => child.once('exit', (code, signal) => resolve(code ?? signal)));
