/**
 * Starting a sweep worker process. In the clone the sources are TypeScript and the worker starts with tsx's
 * loader (resolved from this package, so any working directory does); in an installed package it is the
 * built `sweep-worker.js`, run by plain Node. Its stdout is not the sweep's (a table, NDJSON): ignored.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** A new worker process, connected by IPC. */
export function startWorkerProcess(): ChildProcess {
  const fromSource = import.meta.url.endsWith('.ts');
  const entry = new URL(fromSource ? './sweep-worker.ts' : './sweep-worker.js', import.meta.url);
  const execArgv = fromSource ? ['--import', import.meta.resolve('tsx')] : [];
  return fork(fileURLToPath(entry), [], { execArgv, stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
}
