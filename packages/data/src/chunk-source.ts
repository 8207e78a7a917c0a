import { close, open, read } from 'node:fs';

/**
 * What {@link readChunks} reports: each chunk, the end, or a read error. `chunk` returns true to go on, false
 * to stop, or a promise: the next chunk (or the end) is handed over once it settles (a paced consumer).
 */
export interface ChunkHandlers {
  chunk(bytes: Buffer): boolean | Promise<void>;
  end(): void;
  error(err: NodeJS.ErrnoException): void;
}

/** Bytes read from a file per `read` call, into two buffers reused for the whole file. */
export const CHUNK_BYTES = 1 << 20;

/**
 * Reads a file, or a readable stream, chunk by chunk with backpressure: a file is read into two reused 1 MiB
 * buffers, the next chunk while the handler parses this one and never further ahead, so a synchronous consumer
 * bounds memory to two chunks (the handler must not keep a chunk); a handler that returns a promise holds the
 * next chunk until it settles. A stream's chunks are whatever it gives
 * (strings become UTF-8 bytes), each handed over as it comes. A file is read from byte `from` (default 0), `chunkBytes` at a time (default 1 MiB). Returns a function that stops reading: it closes a file it opened, and
 * pauses a stream, which belongs to the caller (a later reader continues where this one stopped).
 *
 * @example
 * import { writeFileSync } from 'node:fs';
 * import { readChunks } from './chunk-source.js';
 * writeFileSync('/tmp/chunks.txt', 'hello\n');
 * readChunks('/tmp/chunks.txt', { chunk: (b) => console.log(b.length) > 0 || true, end: () => console.log('end'), error: console.error });
 */
export function readChunks(source: string | NodeJS.ReadableStream, handlers: ChunkHandlers, from = 0, chunkBytes = CHUNK_BYTES): () => void {
  return typeof source === 'string' ? readFileChunks(source, handlers, from, chunkBytes) : readStreamChunks(source, handlers);
}

/** A file's chunks of `chunkBytes` from byte `from` on. */
function readFileChunks(path: string, handlers: ChunkHandlers, from: number, chunkBytes: number): () => void {
  // Two buffers: the next chunk is read into one while the handler parses the other, so parsing never
  // waits for the disk; still at most one chunk ahead of the consumer.
  const buffers = [Buffer.allocUnsafe(chunkBytes), Buffer.allocUnsafe(chunkBytes)];
  let fd = -1;
  let position = from;
  let stopped = false;
  let busy = true; // an open or a read is in flight
  const finish = (): void => {
    stopped = true;
    if (fd >= 0) close(fd, () => {});
    fd = -1;
  };
  let waiting: Promise<void> | undefined; // the consumer asked to wait before the next chunk
  const next = (k: number): void => {
    busy = true;
    const buffer = buffers[k];
    // From the start, the file's own position (null), so a named pipe given as a path reads too.
    read(fd, buffer, 0, chunkBytes, from === 0 ? null : position, (err, bytes) => {
      busy = false;
      if (!err) position += bytes;
      const handle = (): void => {
        if (stopped) return finish();
        if (err) {
          finish();
          return handlers.error(err);
        }
        if (bytes === 0) {
          finish();
          return handlers.end();
        }
        next(1 - k);
        const answer = handlers.chunk(buffer.subarray(0, bytes));
        if (answer === false) {
          stopped = true;
          if (!busy) finish();
        } else if (answer !== true) waiting = answer.then(() => void (waiting = undefined));
      };
      if (waiting) waiting.then(handle);
      else handle();
    });
  };
  open(path, 'r', (err, handle) => {
    busy = false;
    fd = err ? -1 : handle;
    if (stopped) return finish();
    if (err) {
      stopped = true;
      return handlers.error(err);
    }
    next(0);
  });
  return () => {
    stopped = true;
    if (!busy) finish();
  };
}

function readStreamChunks(stream: NodeJS.ReadableStream, handlers: ChunkHandlers): () => void {
  let stopped = false;
  const stop = (): void => {
    if (stopped) return;
    stopped = true;
    stream.off('data', onData);
    stream.off('end', onEnd);
    stream.pause();
  };
  const onData = (chunk: Buffer | string): void => {
    const answer = handlers.chunk(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
    if (answer === false) stop();
    else if (answer !== true) {
      stream.pause();
      answer.then(() => {
        if (!stopped) stream.resume();
      });
    }
  };
  const onEnd = (): void => {
    stop();
    handlers.end();
  };
  // The error listener stays after stop, so that a late error can never go unhandled and crash the process.
  const onError = (err: Error): void => {
    if (stopped) return;
    stop();
    handlers.error(err);
  };
  stream.on('data', onData);
  stream.on('end', onEnd);
  stream.on('error', onError);
  return stop;
}
