import { csvFastRow, ndjsonFastRow, rowLabel, type RowLayout } from './fast-rows.js';
import { lineParser, type DataFormat, type LineParser } from './line-parsers.js';

/**
 * Receives a parsed row: its features are `X[offset … offset + d)`, in the parser's scratch array or the
 * consumer's {@link RowTarget} (both are written again for later rows: copy what you keep), `y` the label,
 * `line` the 1-based line number. Returns false to stop.
 */
export type RowSink = (X: Float64Array, offset: number, y: number, line: number) => boolean;

/** Where the consumer wants the next row's features written (`X[offset … offset + d)`); empty `X`: the parser's scratch. */
export interface RowTarget {
  X: Float64Array;
  offset: number;
}

/**
 * Parses the lines of one CSV or NDJSON source, given as byte ranges, into numbers with no string per line
 * or field: the byte-level fast path ({@link csvFastRow}, {@link ndjsonFastRow}) takes every plain line, and
 * any other line (the header, a quoted cell, a blank line, a number the fast path cannot parse exactly, a
 * malformed line) is decoded and handed to the exact {@link LineParser}, which gives the same numbers as
 * `Number()`/`JSON.parse` and throws the same `DataFormatError`s as before. One parser per subscription.
 * Lines end as readline ends them: at `\n`, `\r\n`, or a lone `\r`.
 *
 * @example
 * import { ByteRowParser } from './byte-rows.js';
 * const parser = new ByteRowParser('csv', 'demo.csv', undefined, (X, offset, y, line) => console.log(line, [...X], y) > 0 || true);
 * const text = Buffer.from('a,y\n1,2\n');
 * parser.line(text, 0, 3); // the header
 * parser.line(text, 4, 7); // 2 [ 1 ] 2
 */
export class ByteRowParser {
  /** Lines seen so far (the number of the last line). */
  lines = 0;
  private readonly exact: LineParser;
  private readonly fast: typeof csvFastRow;
  private layout?: RowLayout;
  private readonly scratch: RowTarget = { X: new Float64Array(0), offset: 0 };

  /** `target`: where rows go once the consumer sets its `X` (before that, and when it is absent, a scratch array). */
  constructor(
    private readonly format: DataFormat,
    source: string,
    label: string | undefined,
    private readonly sink: RowSink,
    private readonly target?: RowTarget,
  ) {
    this.exact = lineParser(format, source, label);
    this.fast = format === 'csv' ? csvFastRow : ndjsonFastRow;
  }

  /** Column names, once the first line is parsed. */
  get columns(): { features: string[]; label: string } | undefined {
    return this.exact.columns;
  }

  /** Parses the line `bytes[start, end)`; returns the sink's answer (false to stop). Throws DataFormatError. */
  line(bytes: Buffer, start: number, end: number): boolean {
    this.lines++;
    if (this.layout !== undefined) {
      const { X, offset } = this.destination();
      if (this.fast(bytes, start, end, X, offset, this.layout) === end) return this.sink(X, offset, rowLabel[0], this.lines);
    }
    const pieces = bytes.toString('utf8', start, end).split(/\r/);
    for (let p = 0; p < pieces.length; p++) {
      if (p > 0) this.lines++;
      if (!this.exactLine(pieces[p])) return false;
    }
    return true;
  }

  /**
   * Takes the line that starts at `start` when the fast path can, without looking for its end first: the row's
   * cells are parsed up to a line end (`\n`, or `\r\n`) found before `limit`. Returns the index of that `\n`
   * once the row went to the sink (-2 if the sink asked to stop), or -1 when the line needs {@link line}
   * (the header, a quote, a number for `Number()`, a line that goes on past `limit`): nothing was taken.
   */
  fastLine(bytes: Buffer, start: number, limit: number): number {
    const layout = this.layout;
    if (layout === undefined) return -1;
    const { X, offset } = this.destination();
    let at = this.fast(bytes, start, limit, X, offset, layout);
    if (at < 0 || at >= limit) return -1;
    if (bytes[at] === 13) at++;
    if (at >= limit || bytes[at] !== 10) return -1;
    this.lines++;
    return this.sink(X, offset, rowLabel[0], this.lines) ? at : -2;
  }

  private exactLine(text: string): boolean {
    if (text.trim() === '') return true;
    const parsed = this.exact.parse(text, this.lines);
    if (this.layout === undefined) this.learnLayout();
    if (parsed === undefined) return true;
    const { X, offset } = this.destination();
    X.set(parsed.x, offset);
    return this.sink(X, offset, parsed.y, this.lines);
  }

  private destination(): RowTarget {
    const target = this.target;
    return target !== undefined && target.X.length > 0 ? target : this.scratch;
  }

  private learnLayout(): void {
    const names = this.exact.names;
    if (names === undefined || this.layout !== undefined) return;
    this.scratch.X = new Float64Array(names.length - 1);
    const keys = this.format === 'ndjson' ? names.map((name) => Buffer.from(JSON.stringify(name) + ':')) : undefined;
    this.layout = { columns: names.length, labelIndex: this.exact.labelIndex, keys };
  }
}
