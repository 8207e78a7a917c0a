/**
 * Writing to stdout and stderr the way a pipeline stage must: a reader that goes away
 * (`gradstream generate | head -1`) ends the command quietly instead of printing an EPIPE stack, and
 * large outputs wait for the pipe to drain instead of buffering everything in memory.
 *
 * @example
 * import { guardPipes, writeOut } from './output.js';
 * guardPipes();
 * await writeOut('x1,x2,y\n');
 */
import { once } from 'node:events';
import type { Writable } from 'node:stream';

let guarded = false;
let onStdoutClosed: (() => void) | undefined;

/**
 * While set, a closed stdout calls `handler` instead of ending the process (`train --redis` stops its run and stores
 * what it trained first, then ends with code 0); returns the function that unsets it.
 */
export function whenStdoutCloses(handler: () => void): () => void {
  onStdoutClosed = handler;
  return () => {
    if (onStdoutClosed === handler) onStdoutClosed = undefined;
  };
}

/** Makes a closed stdout or stderr end the process with code 0, the way `yes | head -1` ends `yes`. */
export function guardPipes(): void {
  if (guarded) return;
  guarded = true;
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (err: NodeJS.ErrnoException) => {
      if (err.code === 'EPIPE' || err.code === 'ERR_STREAM_DESTROYED') {
        if (stream === process.stdout && onStdoutClosed) return onStdoutClosed();
        process.exit(0);
      }
      throw err;
    });
  }
}

/** Writes and, when the stream's buffer is full, waits until it drains. */
export async function write(stream: Writable, text: string): Promise<void> {
  if (!stream.write(text)) await once(stream, 'drain');
}

export function writeOut(text: string): Promise<void> {
  return write(process.stdout, text);
}

/** Python's `'%f' % x` (six decimals), which d2l uses for its loss lines. */
export function f6(x: number): string {
  return Number.isFinite(x) ? x.toFixed(6) : String(x).toLowerCase();
}

/** A vector as `[a, b]` with six decimals each. */
export function vec6(xs: ArrayLike<number>): string {
  return `[${Array.from(xs, f6).join(', ')}]`;
}
