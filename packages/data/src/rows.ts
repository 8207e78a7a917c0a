import { Observable } from 'rxjs';
import type { DataFormat } from './line-parsers.js';
import { checkSource, readSource, type ColumnsListener } from './source-reader.js';
import type { Row } from './types.js';
import { checkOptions } from './validate.js';

/** Options of {@link rows$}. */
export interface RowsOptions {
  /** The label column (default `y` when there is one, else the last column). */
  label?: string;
  /** `csv` or `ndjson`; default from the file extension (`.ndjson`, `.jsonl` → ndjson), and csv for streams. */
  format?: DataFormat;
  /** The source's name in error messages (default: the path, or `stream`). */
  name?: string;
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
