import { closeSync, openSync, readSync } from 'node:fs';
import { LineSplitter } from './byte-lines.js';
import { ByteRowParser, type RowTarget } from './byte-rows.js';
import type { DataFormat } from './line-parsers.js';

/** What {@link RowLines} reports: each row, and the column names once known (before the first row). */
export interface RowLinesHandlers {
  /** A row, at `X[offset … offset + d)`; `X` is written again for later rows. */
  row(X: Float64Array, offset: number, y: number, line: number): void;
  /** Where rows are to be parsed into, once its `X` is set (see {@link ByteRowParser}). */
  target?: RowTarget;
  columns?(columns: { features: string[]; label: string }): void;
}

/**
 * The lines of one source parsed into rows: a {@link LineSplitter} feeding a {@link ByteRowParser}, until
 * `subscriber` closes; a malformed line goes to `subscriber.error` (a DataFormatError naming source and line).
 * {@link learnHeader} reads a file's header again (its rows dropped), for a reader that starts midway.
 *
 * @example
 * import { RowLines } from './row-lines.js';
 * const rows = new RowLines({ format: 'csv', name: 'demo', label: undefined }, { closed: false, error: console.error }, { row: (X, at, y, line) => console.log(line, X[at], y) });
 * rows.lines.push(Buffer.from('a,y\n1,2\n')); // 2 1 2
 */
export class RowLines {
  readonly parser: ByteRowParser;
  readonly lines: LineSplitter;
  private announced = false;
  private learning = false;

  constructor(
    spec: { format: DataFormat; name: string; label: string | undefined },
    private readonly subscriber: { readonly closed: boolean; error(err: unknown): void },
    private readonly handlers: RowLinesHandlers,
  ) {
    const parser = new ByteRowParser(
      spec.format,
      spec.name,
      spec.label,
      (X, offset, y, line) => {
        if (this.learning) return true;
        this.announce();
        handlers.row(X, offset, y, line);
        return !subscriber.closed;
      },
      handlers.target,
    );
    this.parser = parser;
    this.lines = new LineSplitter(
      (bytes, start, end) => {
        if (subscriber.closed) return false;
        try {
          const more = parser.line(bytes, start, end);
          this.announce();
          return more;
        } catch (err) {
          subscriber.error(err);
          return false;
        }
      },
      (bytes, start, limit) => (subscriber.closed ? -1 : parser.fastLine(bytes, start, limit)),
    );
  }

  /**
   * Feeds the first lines of the file at `path` to the parser until it knows the columns (the header, or the
   * first object: a few bytes), dropping their rows; then numbers the next line after `line`. False (the
   * error sent to the subscriber) when that fails.
   */
  learnHeader(path: string, line: number): boolean {
    const { parser } = this;
    this.learning = true;
    try {
      const fd = openSync(path, 'r');
      try {
        const buffer = Buffer.allocUnsafe(64 * 1024);
        const lines = new LineSplitter((bytes, start, end) => parser.line(bytes, start, end) && parser.columns === undefined);
        for (let at = 0; parser.columns === undefined; ) {
          const bytes = readSync(fd, buffer, 0, buffer.length, at);
          if (bytes === 0) {
            lines.end();
            break;
          }
          at += bytes;
          if (!lines.push(buffer.subarray(0, bytes))) break;
        }
      } finally {
        closeSync(fd);
      }
    } catch (err) {
      this.subscriber.error(err);
      return false;
    } finally {
      this.learning = false;
    }
    parser.lines = line;
    this.announce();
    return true;
  }

  private announce(): void {
    if (this.announced || !this.parser.columns) return;
    this.announced = true;
    this.handlers.columns?.(this.parser.columns);
  }
}
