import { csvFastRow, ndjsonFastRow, type RowLayout } from './fast-rows.js';
import { lineParser, type DataFormat, type LineParser } from './line-parsers.js';

/**
 * Receives a parsed row: `x` is a scratch array the parser reuses for the next row (copy what you keep), `y`
 * the label, `line` the 1-based line number. Returns false to stop.
 */
export type RowSink = (x: Float64Array, y: number, line: number) => boolean;

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
 * const parser = new ByteRowParser('csv', 'demo.csv', undefined, (x, y, line) => console.log(line, [...x], y) > 0 || true);
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
  private scratch = new Float64Array(0);

  constructor(
    private readonly format: DataFormat,
    source: string,
    label: string | undefined,
    private readonly sink: RowSink,
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
      const y = this.fast(bytes, start, end, this.scratch, this.layout);
      if (y === y) return this.sink(this.scratch, y, this.lines);
    }
    const pieces = bytes.toString('utf8', start, end).split(/\r/);
    for (let p = 0; p < pieces.length; p++) {
      if (p > 0) this.lines++;
      if (!this.exactLine(pieces[p])) return false;
    }
    return true;
  }

  private exactLine(text: string): boolean {
    if (text.trim() === '') return true;
    const parsed = this.exact.parse(text, this.lines);
    if (this.layout === undefined) this.learnLayout();
    if (parsed === undefined) return true;
    this.scratch.set(parsed.x);
    return this.sink(this.scratch, parsed.y, this.lines);
  }

  private learnLayout(): void {
    const names = this.exact.names;
    if (names === undefined || this.layout !== undefined) return;
    this.scratch = new Float64Array(names.length - 1);
    const keys = this.format === 'ndjson' ? names.map((name) => Buffer.from(JSON.stringify(name) + ':')) : undefined;
    this.layout = { columns: names.length, labelIndex: this.exact.labelIndex, keys };
  }
}
