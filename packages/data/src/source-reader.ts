import { countLines } from './byte-lines.js';
import { readChunks } from './chunk-source.js';
import { DataFormatError } from './format-error.js';
import type { DataFormat } from './line-parsers.js';
import { RowLines, type RowLinesHandlers } from './row-lines.js';
import { checkString, invalid } from './validate.js';

/** The source and format options of `rows$`, checked: what {@link readSource} needs. */
export interface SourceSpec {
  source: string | NodeJS.ReadableStream;
  format: DataFormat;
  name: string;
  label: string | undefined;
}

/** What a parser learned from the header, for readers that need column names (readCsv/readNdjson). */
export interface ColumnsListener {
  (columns: { features: string[]; label: string }): void;
}

/**
 * Where a file's reading stands between chunks: the byte where the next line starts (after every line handed
 * over), that line's number minus one, and whether the header (the columns) is known by then.
 */
export interface ReadPosition {
  offset: number;
  line: number;
  headerRead: boolean;
}

/**
 * Checks `source` and the options `label`, `format` and `name`, naming the argument, rule and value.
 *
 * @example
 * import { checkSource } from './source-reader.js';
 * console.log(checkSource('data.jsonl', {}).format); // ndjson
 */
export function checkSource(source: unknown, opts: Record<string, unknown>): SourceSpec {
  const isPath = typeof source === 'string';
  if (isPath) checkString('source', source);
  else if (!isReadable(source)) throw invalid(TypeError, 'source', 'must be a file path or a readable stream', source);
  const label = opts.label === undefined ? undefined : checkString('label', opts.label);
  const name = opts.name === undefined ? (isPath ? (source as string) : 'stream') : checkString('name', opts.name);
  if (opts.format !== undefined && opts.format !== 'csv' && opts.format !== 'ndjson') {
    throw invalid(RangeError, 'format', 'must be "csv" or "ndjson"', opts.format);
  }
  const format: DataFormat = (opts.format as DataFormat | undefined) ?? (isPath && /\.(ndjson|jsonl)$/i.test(source as string) ? 'ndjson' : 'csv');
  return { source: source as string | NodeJS.ReadableStream, format, name, label };
}

/** What {@link readSource} does with what it parses (rows and columns as {@link RowLines} reports them). */
export interface SourceHandlers extends RowLinesHandlers {
  /**
   * Lines to leave unparsed: when `wanted()` before a chunk, the whole lines that chunk completes are copied
   * into `bytes(n)` and go to `take(text, line)`, `line` the number of the line before them (another thread parses them).
   */
  text?: { wanted(): boolean; bytes(n: number): Uint8Array; take(text: Uint8Array, line: number): void };
  /**
   * After each chunk's rows, with where a file's reading stands: true to go on, false to stop reading here
   * (another reader takes over from that position), or a promise that holds the next chunk until it settles.
   */
  chunkRead?: (at: ReadPosition) => boolean | Promise<void>;
  /** The source ended after its header and rows. */
  end(): void;
  /** Bytes per read of a file (default 1 MiB). */
  chunkBytes?: number;
}

/**
 * Reads and parses a checked source until `subscriber` closes, with backpressure (a chunk at a time, see
 * {@link readChunks}); a read error, a malformed line or an empty source goes to `subscriber.error`, naming
 * the source. Returns the teardown that stops reading.
 *
 * `from` resumes a file where another reader stopped ({@link ReadPosition}, header read): the columns are
 * learned again from the file's first lines (their rows dropped), then lines are read from `from.offset`,
 * numbered after `from.line`.
 *
 * @example
 * import { writeFileSync } from 'node:fs';
 * import { checkSource, readSource } from './source-reader.js';
 * writeFileSync('/tmp/read-source.csv', 'a,y\n1,2\n3,4\n');
 * const spec = checkSource('/tmp/read-source.csv', {});
 * readSource(spec, { closed: false, error: console.error }, { row: (X, at, y, line) => console.log(line, X[at], y), end: () => console.log('end') }, { offset: 8, line: 2, headerRead: true }); // 3 3 4, end
 */
export function readSource(spec: SourceSpec, subscriber: { closed: boolean; error(err: unknown): void }, handlers: SourceHandlers, from?: ReadPosition): () => void {
  const { format, name } = spec;
  const rows = new RowLines(spec, subscriber, handlers);
  const { parser, lines } = rows;
  const start = from?.offset ?? 0;
  if (start > 0 && !rows.learnHeader(spec.source as string, from!.line)) return () => {};
  let read = start;
  return readChunks(
    spec.source,
    {
      chunk(bytes) {
        const line = parser.lines;
        const text = handlers.text?.wanted() ? lines.takeLines(bytes, handlers.text.bytes) : undefined;
        if (text !== undefined) {
          parser.lines += countLines(text);
          handlers.text!.take(text, line);
        } else if (!lines.push(bytes)) return false;
        read += bytes.length;
        return handlers.chunkRead?.({ offset: read - lines.pending, line: parser.lines, headerRead: parser.columns !== undefined }) ?? true;
      },
      end() {
        // A file may end without a line end (RFC 4180 allows it); a stream that does was cut off mid-row by its
        // producer (`gradstream generate` killed in a pipe), and its last row may be a half-written number.
        if (typeof spec.source !== 'string' && lines.unterminated) {
          subscriber.error(new DataFormatError(name, parser.lines + 1, 'the input ended in the middle of a row (no line end after it): its producer was cut off, so the row may be half-written'));
          return;
        }
        if (!lines.end() || subscriber.closed) return;
        if (!parser.columns) subscriber.error(new DataFormatError(name, 0, `empty ${format === 'csv' ? 'file: expected a header line' : 'file: expected one JSON object a line'}`));
        else handlers.end();
      },
      error(err) {
        subscriber.error(Object.assign(new Error(`${name}: cannot read: ${err.message}`), { cause: err, code: err.code }));
      },
    },
    start,
    handlers.chunkBytes,
  );
}

function isReadable(value: unknown): value is NodeJS.ReadableStream {
  return typeof value === 'object' && value !== null && typeof (value as NodeJS.ReadableStream).on === 'function' && typeof (value as NodeJS.ReadableStream).read === 'function';
}
