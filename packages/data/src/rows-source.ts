import type { Observable, OperatorFunction } from 'rxjs';
import { batchingTag } from './batching-tags.js';
import { fileBatches$, type FileBatchesOptions } from './file-batches.js';
import { parseRows, type RowsOptions } from './rows.js';
import type { Row } from './types.js';

/**
 * Rows of a CSV or NDJSON file or stream, read line by line: a lazy, cold source for data that does not
 * fit in memory. The file is opened on subscribe and closed on unsubscribe, completion or error. It is read
 * in 1 MiB chunks into two reused buffers and parsed straight from bytes ({@link ByteRowParser}: no string
 * per line or field, the same doubles as `Number()`); reading stays at most one chunk ahead of the rows the
 * consumer has taken, so memory stays flat whatever the file size.
 *
 * Formats: CSV with a header row (`x1,x2,y`) and NDJSON with one flat object a line
 * (`{"x1":0.1,"x2":-2,"y":3.5}`); blank lines are skipped. A malformed line ends the stream with a
 * {@link DataFormatError} naming the source, the line and the problem, e.g.
 * `data.csv:17: expected 3 columns, found 2`.
 *
 * A stream (e.g. `process.stdin`) is read from where it is, so it is consumed once: a second subscription
 * continues after the first. A path is re-read from the start by each subscription.
 *
 * `rows$(source).pipe(shuffleBuffer(size, seed), toBatches(batchSize, options), …)`, and `.pipe(toBatches(…), …)`,
 * run as {@link fileBatches$} with the same arguments: the same batches, bit for bit, and errors, without a row
 * object per row (rows are parsed straight into the shuffle buffer's typed array). Any other pipe is the plain one.
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
  const rows = parseRows(source, options);
  const opts = (options ?? {}) as RowsOptions;
  const sourceOptions = { label: opts.label, format: opts.format, name: opts.name };
  const plain = rows.pipe.bind(rows) as (...operations: OperatorFunction<unknown, unknown>[]) => Observable<unknown>;
  return Object.assign(rows, {
    pipe: (...operations: OperatorFunction<unknown, unknown>[]) => {
      const fused = fuseBatching(operations);
      if (fused === undefined) return plain(...operations);
      const batches = fileBatches$(source, { ...defined(sourceOptions), ...fused.options });
      return fused.rest.length === 0 ? batches : (batches.pipe as (...ops: OperatorFunction<unknown, unknown>[]) => Observable<unknown>)(...fused.rest);
    },
  }) as Observable<Row>;
}

/** `shuffleBuffer` then `toBatches`, or `toBatches` alone, at the start of a pipe: fileBatches$' options, and the rest. */
function fuseBatching(operations: OperatorFunction<unknown, unknown>[]): { options: Omit<FileBatchesOptions, keyof RowsOptions>; rest: OperatorFunction<unknown, unknown>[] } | undefined {
  const first = batchingTag(operations[0]);
  const shuffle = first?.kind === 'shuffleBuffer' ? first : undefined;
  const batching = batchingTag(operations[shuffle ? 1 : 0]);
  if (batching?.kind !== 'toBatches') return undefined;
  const { batchSize, epoch, dropLast } = batching;
  return {
    options: { batchSize, epoch, dropLast, ...(shuffle ? { shuffleBuffer: shuffle.size, seed: shuffle.seed } : {}) },
    rest: operations.slice(shuffle ? 2 : 1),
  };
}

const defined = <T extends object>(o: T): Partial<T> => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;

