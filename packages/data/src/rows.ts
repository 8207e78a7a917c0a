import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { Observable } from 'rxjs';
import { DataFormatError } from './format-error.js';
import { lineParser, type DataFormat } from './line-parsers.js';
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

/**
 * Rows of a CSV or NDJSON file or stream, read line by line: a lazy, cold source for data that does not
 * fit in memory. The file is opened on subscribe and closed on unsubscribe, completion or error; only the
 * current chunk is held, so memory stays flat whatever the file size (with a synchronous consumer;
 * an asynchronous one lets lines queue up in readline).
 *
 * Formats: CSV with a header row (`x1,x2,y`) and NDJSON with one flat object a line
 * (`{"x1":0.1,"x2":-2,"y":3.5}`); blank lines are skipped. A malformed line ends the stream with a
 * {@link DataFormatError} naming the source, the line and the problem, e.g.
 * `data.csv:17: expected 3 columns, found 2`.
 *
 * A stream (e.g. `process.stdin`) is read from where it is, so it is consumed once: a second subscription
 * continues after the first. A path is re-read from the start by each subscription.
 *
 * @param source - a file path, or a readable stream of text
 * @param options - see {@link RowsOptions}
 *
 * @example
 * import { writeFileSync } from 'node:fs';
 * import { rows$ } from '@gradstream/data/node';
 * writeFileSync('/tmp/two-rows.csv', 'x1,x2,y\n1,2,3\n4,5,6\n');
 * rows$('/tmp/two-rows.csv').subscribe((row) => console.log(row.line, row.x, row.y));
 */
export function rows$(source: string | NodeJS.ReadableStream, options?: RowsOptions): Observable<Row> {
  return parseRows(source, options);
}

/** {@link rows$} with a hook that receives the column names once the first line is parsed. */
export function parseRows(source: string | NodeJS.ReadableStream, options: RowsOptions | undefined, onColumns?: ColumnsListener): Observable<Row> {
  const isPath = typeof source === 'string';
  if (isPath) checkString('source', source);
  else if (!isReadable(source)) throw invalid(TypeError, 'source', 'must be a file path or a readable stream', source);
  const opts = checkOptions('options', options);
  const label = opts.label === undefined ? undefined : checkString('label', opts.label);
  const name = opts.name === undefined ? (isPath ? (source as string) : 'stream') : checkString('name', opts.name);
  if (opts.format !== undefined && opts.format !== 'csv' && opts.format !== 'ndjson') {
    throw invalid(RangeError, 'format', 'must be "csv" or "ndjson"', opts.format);
  }
  const format: DataFormat = (opts.format as DataFormat | undefined) ?? (isPath && /\.(ndjson|jsonl)$/i.test(source as string) ? 'ndjson' : 'csv');

  return new Observable<Row>((subscriber) => {
    const file = isPath ? createReadStream(source as string) : undefined;
    const input: NodeJS.ReadableStream = file ?? (source as NodeJS.ReadableStream);
    const lines = createInterface({ input, crlfDelay: Infinity });
    const parser = lineParser(format, name, label);
    let line = 0;
    let index = 0;

    const onLine = (text: string): void => {
      line++;
      // readline may still deliver the rest of a chunk after close(): drop it.
      if (subscriber.closed || text.trim() === '') return;
      let parsed: { x: Float64Array; y: number } | undefined;
      try {
        const hadColumns = parser.columns !== undefined;
        parsed = parser.parse(text, line);
        if (!hadColumns && parser.columns) onColumns?.(parser.columns);
      } catch (err) {
        subscriber.error(err);
        return;
      }
      if (parsed) subscriber.next({ x: parsed.x, y: parsed.y, line, index: index++ });
    };
    const onClose = (): void => {
      if (subscriber.closed) return;
      if (!parser.columns) subscriber.error(new DataFormatError(name, 0, `empty ${format === 'csv' ? 'file: expected a header line' : 'file: expected one JSON object a line'}`));
      else subscriber.complete();
    };
    const onError = (err: Error): void => {
      subscriber.error(Object.assign(new Error(`${name}: cannot read: ${err.message}`), { cause: err, code: (err as NodeJS.ErrnoException).code }));
    };

    lines.on('line', onLine);
    lines.on('close', onClose);
    // readline re-emits the input's errors (a missing file, a broken pipe) on itself. The listener stays after
    // teardown so that a late error can never go unhandled and crash the process.
    lines.on('error', onError);
    return () => {
      lines.off('line', onLine);
      lines.off('close', onClose);
      lines.close();
      // Close the file we opened; a stream we were given belongs to the caller (readline paused it).
      file?.destroy();
    };
  });
}

function isReadable(value: unknown): value is NodeJS.ReadableStream {
  return typeof value === 'object' && value !== null && typeof (value as NodeJS.ReadableStream).on === 'function' && typeof (value as NodeJS.ReadableStream).read === 'function';
}
