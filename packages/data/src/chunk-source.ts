import { close, open, read } from 'node:fs';

/** What {@link readChunks} reports: each chunk (return false to stop), the end, or a read error. */
export interface ChunkHandlers {
  chunk(bytes: Buffer): boolean;
  end(): void;
  error(err: NodeJS.ErrnoException): void;
}

/** Bytes read from a file per `read` call, into one buffer reused for the whole file. */
export const CHUNK_BYTES = 1 << 20;

/**
 * Reads a file, or a readable stream, chunk by chunk with backpressure: the next chunk is read only after the
 * handler has returned from the previous one, so a synchronous consumer holds one chunk at a time. A file is
 * read into a single reused 1 MiB buffer (the handler must not keep it); a stream's chunks are whatever it
 * gives (strings become UTF-8 bytes). Returns a function that stops reading: it closes a file it opened, and
 * pauses a stream, which belongs to the caller (a later reader continues where this one stopped).
 *
 * @example
 * import { writeFileSync } from 'node:fs';
 * import { readChunks } from './chunk-source.js';
 * writeFileSync('/tmp/chunks.txt', 'hello\n');
 * readChunks('/tmp/chunks.txt', { chunk: (b) => console.log(b.length) > 0 || true, end: () => console.log('end'), error: console.error });
 */
export function readChunks(source: string | NodeJS.ReadableStream, handlers: ChunkHandlers): () => void {
  return typeof source === 'string' ? readFileChunks(source, handlers) : readStreamChunks(source, handlers);
}

function readFileChunks(path: string, handlers: ChunkHandlers): () => void {
  const buffer = Buffer.allocUnsafe(CHUNK_BYTES);
  let fd = -1;
  let stopped = false;
  let busy = true; // an open or a read is in flight
  const finish = (): void => {
    stopped = true;
    if (fd >= 0) close(fd, () => {});
    fd = -1;
  };
  const next = (): void => {
    busy = true;
    read(fd, buffer, 0, CHUNK_BYTES, null, (err, bytes) => {
      busy = false;
      if (stopped) return finish();
      if (err) {
        finish();
        return handlers.error(err);
      }
      if (bytes === 0) {
        finish();
        return handlers.end();
      }
      if (handlers.chunk(buffer.subarray(0, bytes)) && !stopped) next();
      else finish();
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
    next();
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
    if (!handlers.chunk(typeof chunk === 'string' ? Buffer.from(chunk) : chunk)) stop();
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
