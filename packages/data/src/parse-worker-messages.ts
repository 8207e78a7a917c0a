/**
 * What the parse worker (`parse-worker.ts`) and the thread that started it ({@link ParseWorker}) say to
 * each other. Rows travel in chunks: one transferable `ArrayBuffer` each (moved, not copied), holding
 * `capacity × d` features row-major, then `capacity` labels; the first `rows` rows are filled. The main thread
 * sends each buffer back once it has copied the rows out, so the worker fills the same few buffers again.
 * When the main thread is about to run out of work (at most one chunk not given back), the worker sends the next
 * chunk of the file as text, whole lines, for the main thread to parse itself: both threads parse, neither waits.
 */
import { DataFormatError } from './format-error.js';
import type { DataFormat } from './line-parsers.js';
import type { ReadPosition } from './source-reader.js';

/** The worker's `workerData`: the file and how to parse it; with `from`, it starts reading there at once. */
export interface ParseWorkerData {
  path: string;
  format: DataFormat;
  name: string;
  label: string | undefined;
  from?: ReadPosition;
}

/**
 * From the worker: ready for `start` (no `from` given), a chunk of rows, whole lines left for the main thread
 * to parse (`line`: the number of the line before them), the end of the file, or an error.
 */
export type FromParseWorker =
  | { type: 'ready' }
  | { type: 'rows'; buffer: ArrayBuffer; rows: number; d: number; capacity: number }
  | { type: 'text'; buffer: ArrayBuffer; length: number; line: number }
  | { type: 'end' }
  | { type: 'error'; error: SentError };

/** To the worker: read from this position on, or a chunk's buffer given back (rows: for reuse), or text parsed. */
export type ToParseWorker = { type: 'start'; from: ReadPosition } | { type: 'return'; buffer: ArrayBuffer } | { type: 'parsed'; buffer: ArrayBuffer };

/** An error as plain data, so that the main thread rebuilds the same error (class, message, fields). */
export interface SentError {
  name: string;
  message: string;
  stack?: string;
  code?: string;
  /** DataFormatError's fields. */
  format?: { source: string; line: number; problem: string };
  cause?: { message: string; code?: string; syscall?: string; path?: string };
}

/**
 * An error thrown in the worker, as data ({@link receivedError} rebuilds it).
 *
 * @example
 * import { DataFormatError } from './format-error.js';
 * import { receivedError, sendableError } from './parse-worker-messages.js';
 * const back = receivedError(sendableError(new DataFormatError('a.csv', 3, 'expected 2 columns, found 1')));
 * console.log(back instanceof DataFormatError, back.message); // true a.csv:3: expected 2 columns, found 1
 */
export function sendableError(err: unknown): SentError {
  if (!(err instanceof Error)) return { name: 'Error', message: String(err) };
  const sent: SentError = { name: err.name, message: err.message, stack: err.stack };
  const { code, cause } = err as Error & { code?: unknown; cause?: unknown };
  if (typeof code === 'string') sent.code = code;
  if (err instanceof DataFormatError) sent.format = { source: err.source, line: err.line, problem: err.problem };
  if (cause instanceof Error) {
    const { code: causeCode, syscall, path } = cause as NodeJS.ErrnoException;
    sent.cause = { message: cause.message, code: causeCode, syscall, path };
  }
  return sent;
}

/** The error {@link sendableError} described: a DataFormatError again, or an Error with the same message, code and cause. */
export function receivedError(sent: SentError): Error {
  if (sent.format) return new DataFormatError(sent.format.source, sent.format.line, sent.format.problem);
  const err = new Error(sent.message);
  if (sent.name !== 'Error') err.name = sent.name;
  if (sent.stack) err.stack = sent.stack;
  if (sent.code !== undefined) Object.assign(err, { code: sent.code });
  if (sent.cause) {
    const { message, ...fields } = sent.cause;
    Object.assign(err, { cause: Object.assign(new Error(message), fields) });
  }
  return err;
}

/** The features (`capacity × d`, row-major) and labels (`capacity`) of a chunk's buffer. */
export function chunkArrays(buffer: ArrayBuffer, capacity: number, d: number): { X: Float64Array; y: Float64Array } {
  return { X: new Float64Array(buffer, 0, capacity * d), y: new Float64Array(buffer, 8 * capacity * d, capacity) };
}
