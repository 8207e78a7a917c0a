/**
 * Loads rows (CSV or NDJSON, read by `@gradstream/data`'s `rows$`) into an in-memory dataset, so a
 * file or stdin can be trained on for several shuffled epochs like the synthetic data: a stream can be
 * read only once, and an epoch has to revisit every row.
 *
 * @example
 * import { readDataset } from './read-dataset.js';
 * const ds = await readDataset('data.csv', { label: 'y' });
 * console.log(ds.n, ds.d);
 */
import { access } from 'node:fs/promises';
import { Readable } from 'node:stream';
import type { Dataset } from '@gradstream/data';
import { lastValueFrom, toArray } from 'rxjs';
import { CliError } from './errors.js';

export interface ReadDatasetOptions {
  label?: string;
}

/** Reads a file path, or all of stdin when `source` is `'-'`. */
export async function readDataset(source: string, { label }: ReadDatasetOptions = {}): Promise<Dataset> {
  let input: string | NodeJS.ReadableStream;
  let name: string;
  let format: 'csv' | 'ndjson' | undefined;
  if (source === '-') {
    // Read it all first: the format is then seen from the first character (`{` is NDJSON), and a
    // producer that writes faster than we parse is not held up.
    const text = await readAll(process.stdin);
    format = /^\s*\{/.test(text) ? 'ndjson' : 'csv';
    input = Readable.from([text]);
    name = 'stdin';
  } else {
    await access(source); // a missing file fails here, naming the file (ENOENT)
    input = source;
    name = source;
    format = /\.(ndjson|jsonl)$/i.test(source) ? 'ndjson' : /^\s*\{/.test(await firstChunk(source)) ? 'ndjson' : 'csv';
  }
  const { rows$ } = await import('@gradstream/data');
  const rows = await lastValueFrom(rows$(input, { name, format, ...(label === undefined ? {} : { label }) }).pipe(toArray()));
  if (rows.length === 0) throw new CliError(`${name} has no data rows (its first line is read as the header of column names): nothing to train on.`);
  const d = rows[0].x.length;
  const X = new Float64Array(rows.length * d);
  const y = new Float64Array(rows.length);
  rows.forEach((row, i) => {
    X.set(row.x, i * d);
    y[i] = row.y;
  });
  return { n: rows.length, d, X, y };
}

async function readAll(stream: NodeJS.ReadableStream): Promise<string> {
  let text = '';
  stream.setEncoding('utf8');
  for await (const chunk of stream) text += chunk as string;
  return text;
}

async function firstChunk(path: string): Promise<string> {
  const { open } = await import('node:fs/promises');
  const file = await open(path);
  try {
    const { buffer, bytesRead } = await file.read(Buffer.alloc(64), 0, 64, 0);
    return buffer.subarray(0, bytesRead).toString('utf8');
  } finally {
    await file.close();
  }
}
