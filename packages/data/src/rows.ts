import { Observable } from 'rxjs';
import { LineSplitter } from './byte-lines.js';
import { ByteRowParser, type RowTarget } from './byte-rows.js';
import { readChunks } from './chunk-source.js';
import { DataFormatError } from './format-error.js';
import type { DataFormat } from './line-parsers.js';
import type { Row } from './types.js';
import { checkOptions, checkString, invalid } from './validate.js';

/** Options of {@link rows$}. */
export interface RowsOptions {
  /** The label column (default `y` when there is one, else the last column). */
  label?: string;
  /** `csv` or `ndjson`; default from the file extension (`.ndjson`, `.jsonl` → ndjson), and csv for streams. */
  format?: DataFormat;
  /** The source's name in error messages (default: the path, or `stream`). */
  name?: string;
}

/** What a parser learned from the header, for readers that need column names (readCsv/readNdjson). */
export interface ColumnsListener {
  (columns: { features: string[]; label: string }): void;
}

/** The source and format options of {@link rows$}, checked: what {@link readSource} needs. */
export interface SourceSpec {
  source: string | NodeJS.ReadableStream;
  format: DataFormat;
  name: string;
  label: string | undefined;
}

/** Checks `source` and the options `label`, `format` and `name`, naming the argument, rule and value. */
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

/** {@link rows$} with a hook that receives the column names once the first line is parsed. */
export function parseRows(source: string | NodeJS.ReadableStream, options: RowsOptions | undefined, onColumns?: ColumnsListener): Observable<Row> {
  const spec = checkSource(source, checkOptions('options', options));
  return new Observable<Row>((subscriber) => {
    let index = 0;
    return readSource(spec, subscriber, {
      row(X, offset, y, line) {
        // No target is given, so X is the parser's scratch row, whole.
        subscriber.next({ x: X.slice(offset), y, line, index: index++ });
      },
      columns: onColumns,
      end: () => subscriber.complete(),
    });
  });
}

/** What {@link readSource} does with what it parses. */
export interface SourceHandlers {
  /** A row, at `X[offset … offset + d)`; `X` is written again for later rows. */
  row(X: Float64Array, offset: number, y: number, line: number): void;
  /** Where rows are to be parsed into, once its `X` is set (see {@link ByteRowParser}). */
  target?: RowTarget;
  /** The column names, once known and before the first row. */
  columns?: ColumnsListener;
  /** After each chunk's rows: true to go on, or a promise that holds the next chunk until it settles. */
  chunkRead?: () => true | Promise<void>;
  /** The source ended after its header and rows. */
  end(): void;
}

/**
 * Reads and parses a checked source until `subscriber` closes, with backpressure (a chunk at a time, see
 * {@link readChunks}); a read error, a malformed line or an empty source goes to `subscriber.error`, naming
 * the source. Returns the teardown that stops reading.
 */
export function readSource(spec: SourceSpec, subscriber: { closed: boolean; error(err: unknown): void }, handlers: SourceHandlers): () => void {
  const { format, name } = spec;
  let announced = false;
  const announce = (): void => {
    if (announced || !parser.columns) return;
    announced = true;
    handlers.columns?.(parser.columns);
  };
  const parser = new ByteRowParser(
    format,
    name,
    spec.label,
    (X, offset, y, line) => {
      announce();
      handlers.row(X, offset, y, line);
      return !subscriber.closed;
    },
    handlers.target,
  );
  const lines = new LineSplitter(
    (bytes, start, end) => {
      if (subscriber.closed) return false;
      try {
        const more = parser.line(bytes, start, end);
        announce();
        return more;
      } catch (err) {
        subscriber.error(err);
        return false;
      }
    },
    (bytes, start, limit) => (subscriber.closed ? -1 : parser.fastLine(bytes, start, limit)),
  );
  return readChunks(spec.source, {
    chunk: (bytes) => lines.push(bytes) && (handlers.chunkRead?.() ?? true),
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
  });
}

function isReadable(value: unknown): value is NodeJS.ReadableStream {
  return typeof value === 'object' && value !== null && typeof (value as NodeJS.ReadableStream).on === 'function' && typeof (value as NodeJS.ReadableStream).read === 'function';
}
