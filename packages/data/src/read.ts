import { open } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { checkClassesOption, classCount, classLabels, type ClassesOption } from './class-labels.js';
import { DataFormatError } from './format-error.js';
import type { DataFormat } from './line-parsers.js';
import { parseRows } from './rows.js';
import type { Dataset } from './types.js';
import { checkKnownKeys, checkOptions, checkString, invalid } from './validate.js';

/** Options of {@link readCsv} and {@link readNdjson}. */
export interface ReadOptions {
  /** The label column (default `y` when there is one, else the last column). */
  label?: string;
  /**
   * The label column holds class indices: `true` (integers ≥ 0; the dataset's `classes` is the largest + 1)
   * or the number of classes k (integers in [0, k)). A label that is not one fails naming its line.
   * Without it, labels are plain numbers (a regression target, or ±1 for the hinge loss).
   */
  classes?: ClassesOption;
}

/** Options of {@link readDataset}. */
export interface ReadDatasetOptions extends ReadOptions {
  /** `csv` or `ndjson`; default: `.ndjson`/`.jsonl` files are NDJSON, else a source starting with `{` is. */
  format?: DataFormat;
  /** The source's name in error messages (default: the path, or `stream`). */
  name?: string;
}

const READ_DATASET_OPTIONS = ['label', 'format', 'name', 'classes'] satisfies (keyof ReadDatasetOptions)[];

/**
 * Reads a whole CSV or NDJSON file, or all of a stream such as `process.stdin`, into an in-memory
 * {@link Dataset}, so that it can be shuffled over several epochs (a stream can be read only once; an epoch
 * revisits every row). The format is sniffed unless given: NDJSON lines start with `{`, a CSV header cannot.
 *
 * Rejects with a `DataFormatError` naming the source, line and problem on a malformed line or when there is
 * no data row; with an error carrying `code` and `path` (`ENOENT`, `EISDIR`, …) when the file cannot be read.
 *
 * @param source - a file path, or a readable stream of text (read to its end)
 * @param options - see {@link ReadDatasetOptions}
 *
 * @example
 * import { writeFileSync } from 'node:fs';
 * import { Readable } from 'node:stream';
 * import { readDataset } from '@gradstream/data/node';
 * writeFileSync('/tmp/sniffed.txt', '{"a":1,"y":2}\n{"a":3,"y":4}\n');
 * console.log((await readDataset('/tmp/sniffed.txt')).y); // Float64Array(2) [ 2, 4 ]
 * const piped = await readDataset(Readable.from(['x1,x2,y\n1,2,3\n']), { name: 'stdin' });
 * console.log(piped.n, piped.d, piped.featureNames); // 1 2 [ 'x1', 'x2' ]
 */
export async function readDataset(source: string | NodeJS.ReadableStream, options?: ReadDatasetOptions): Promise<Dataset & { classes?: number }> {
  const isPath = typeof source === 'string';
  if (isPath) checkString('source', source);
  else if (typeof source !== 'object' || source === null || typeof source.on !== 'function') {
    throw invalid(TypeError, 'source', 'must be a file path or a readable stream', source);
  }
  const opts = checkOptions('options', options);
  checkKnownKeys('options', opts, READ_DATASET_OPTIONS);
  const label = opts.label === undefined ? undefined : checkString('label', opts.label);
  const classes = checkClassesOption(opts.classes);
  const name = opts.name === undefined ? (isPath ? (source as string) : 'stream') : checkString('name', opts.name);
  let format = opts.format as DataFormat | undefined;
  if (format !== undefined && format !== 'csv' && format !== 'ndjson') throw invalid(RangeError, 'format', 'must be "csv" or "ndjson"', format);
  let input: string | NodeJS.ReadableStream;
  if (isPath) {
    const head = await firstBytes(source as string, name);
    format ??= /\.(ndjson|jsonl)$/i.test(source as string) || /^\s*\{/.test(head) ? 'ndjson' : 'csv';
    input = source as string;
  } else {
    // Read it all first: the format is then seen from the first character, and a producer that writes
    // faster than we parse is not held up.
    const text = await readAll(source as NodeJS.ReadableStream);
    format ??= /^\s*\{/.test(text) ? 'ndjson' : 'csv';
    input = Readable.from([text]);
  }
  const ds = await collect(input, { label, format, name }, classes);
  if (ds.n === 0) throw new DataFormatError(name, 0, 'no data rows (its first line is read as the header of column names)');
  return classes === undefined ? ds : { ...ds, classes: classes === true ? classCount('labels', ds.y) : classes };
}

/**
 * Reads a whole CSV file (header row, then numbers) into a {@link Dataset} with its column names.
 * Rejects with a `DataFormatError` naming file, line and problem on a malformed line.
 *
 * @example
 * import { writeFileSync } from 'node:fs';
 * import { readCsv } from '@gradstream/data/node';
 * writeFileSync('/tmp/small.csv', 'x1,x2,y\n1,2,3\n4,5,6\n');
 * const ds = await readCsv('/tmp/small.csv');
 * console.log(ds.n, ds.d, ds.featureNames, ds.labelName); // 2 2 [ 'x1', 'x2' ] y
 */
export async function readCsv(path: string, options?: ReadOptions): Promise<Dataset & { classes?: number }> {
  checkString('path', path);
  return readDataset(path, { ...checkOptions('options', options), format: 'csv' });
}

/**
 * Reads a whole NDJSON file (one flat object a line, `{"x1":1,"x2":2,"y":3}`) into a {@link Dataset}.
 * The first object's keys, in order, name the columns; every line must have exactly those keys.
 *
 * @example
 * import { writeFileSync } from 'node:fs';
 * import { readNdjson } from '@gradstream/data/node';
 * writeFileSync('/tmp/small.ndjson', '{"x1":1,"y":2}\n{"x1":3,"y":4}\n');
 * const ds = await readNdjson('/tmp/small.ndjson');
 * console.log(ds.X, ds.y); // Float64Array(2) [ 1, 3 ] Float64Array(2) [ 2, 4 ]
 */
export async function readNdjson(path: string, options?: ReadOptions): Promise<Dataset & { classes?: number }> {
  checkString('path', path);
  return readDataset(path, { ...checkOptions('options', options), format: 'ndjson' });
}

/** The first bytes of a file, for sniffing; a directory or an unreadable path fails here, naming it. */
export async function firstBytes(path: string, name: string): Promise<string> {
  const file = await open(path).catch((err: NodeJS.ErrnoException) => {
    throw cannotRead(name, path, err.code, err.message, err);
  });
  try {
    // Opening a directory succeeds; only reading it fails, with an EISDIR that names no path.
    if ((await file.stat()).isDirectory()) throw cannotRead(name, path, 'EISDIR', 'it is a directory, not a file');
    const { buffer, bytesRead } = await file.read(Buffer.alloc(64), 0, 64, 0);
    return buffer.subarray(0, bytesRead).toString('utf8');
  } finally {
    await file.close();
  }
}

/** `<name>: cannot read: <why>`, keeping Node's `code` and the `path` so a caller can say which option named it. */
function cannotRead(name: string, path: string, code: string | undefined, why: string, cause?: unknown): Error {
  return Object.assign(new Error(`${name}: cannot read: ${why}`), { cause, code, path });
}

async function readAll(stream: NodeJS.ReadableStream): Promise<string> {
  let text = '';
  stream.setEncoding('utf8');
  for await (const chunk of stream) text += chunk as string;
  return text;
}

/** Collects the rows of a source into typed arrays, growing them by doubling (the row count is unknown). */
async function collect(input: string | NodeJS.ReadableStream, options: ReadDatasetOptions, classes?: ClassesOption): Promise<Dataset> {
  let columns = { features: [] as string[], label: '' };
  let X = new Float64Array(1024);
  let y = new Float64Array(1024);
  let n = 0;
  let d = 0;
  const parsed = parseRows(input, options, (c) => {
    columns = c;
    d = c.features.length;
    X = new Float64Array(1024 * d);
  });
  const rows = classes === undefined ? parsed : parsed.pipe(classLabels(options.name!, classes === true ? undefined : classes));
  await new Promise<void>((resolve, reject) => {
    rows.subscribe({
      next(row) {
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
