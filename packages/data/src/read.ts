import { parseRows } from './rows.js';
import type { Dataset } from './types.js';
import { checkOptions, checkString } from './validate.js';

/** Options of {@link readCsv} and {@link readNdjson}. */
export interface ReadOptions {
  /** The label column (default `y` when there is one, else the last column). */
  label?: string;
}

/**
 * Reads a whole CSV file (header row, then numbers) into a {@link Dataset} with its column names.
 * Rejects with a `DataFormatError` naming file, line and problem on a malformed line.
 *
 * @example
 * import { writeFileSync } from 'node:fs';
 * import { readCsv } from '@gradstream/data';
 * writeFileSync('/tmp/small.csv', 'x1,x2,y\n1,2,3\n4,5,6\n');
 * const ds = await readCsv('/tmp/small.csv');
 * console.log(ds.n, ds.d, ds.featureNames, ds.labelName);
 */
export function readCsv(path: string, options?: ReadOptions): Promise<Dataset> {
  return readDataset(path, options, 'csv');
}

/**
 * Reads a whole NDJSON file (one flat object a line, `{"x1":1,"x2":2,"y":3}`) into a {@link Dataset}.
 * The first object's keys, in order, name the columns; every line must have exactly those keys.
 *
 * @example
 * import { writeFileSync } from 'node:fs';
 * import { readNdjson } from '@gradstream/data';
 * writeFileSync('/tmp/small.ndjson', '{"x1":1,"y":2}\n{"x1":3,"y":4}\n');
 * const ds = await readNdjson('/tmp/small.ndjson');
 * console.log(ds.X, ds.y);
 */
export function readNdjson(path: string, options?: ReadOptions): Promise<Dataset> {
  return readDataset(path, options, 'ndjson');
}

async function readDataset(path: string, options: ReadOptions | undefined, format: 'csv' | 'ndjson'): Promise<Dataset> {
  checkString('path', path);
  const opts = checkOptions('options', options);
  const label = opts.label === undefined ? undefined : checkString('label', opts.label);
  let columns = { features: [] as string[], label: '' };
  let X = new Float64Array(1024);
  let y = new Float64Array(1024);
  let n = 0;
  let d = 0;
  const rows = parseRows(path, { label, format }, (c) => {
    columns = c;
    d = c.features.length;
    X = new Float64Array(1024 * d);
  });
  await new Promise<void>((resolve, reject) => {
    rows.subscribe({
      next(row) {
        // Amortised doubling: the file's length is unknown until the end.
        if (n === y.length) {
          const grownX = new Float64Array(2 * X.length);
          grownX.set(X);
          X = grownX;
          const grownY = new Float64Array(2 * y.length);
          grownY.set(y);
          y = grownY;
        }
        X.set(row.x, n * d);
        y[n++] = row.y;
      },
      error: reject,
      complete: resolve,
    });
  });
  return { n, d, X: X.slice(0, n * d), y: y.slice(0, n), featureNames: columns.features, labelName: columns.label };
}
