import { from, map, Observable, switchMap } from 'rxjs';
import { spillRows } from './float64-rows.js';
import { DataFormatError } from './format-error.js';
import type { DataFormat } from './line-parsers.js';
import { firstBytes } from './read.js';
import type { RowsOptions } from './rows.js';
import { readRows } from './parallel-rows.js';
import { parsePlan } from './parse-mode.js';
import { checkSource } from './source-reader.js';
import { checkOptions, checkString } from './validate.js';

/** What a first pass over a source learned: its rows, features, format and column names. */
export interface SourceShape {
  n: number;
  d: number;
  format: DataFormat;
  features: string[];
  label: string;
}

const sniff = (head: string): DataFormat => (/^\s*\{/.test(head) ? 'ndjson' : 'csv');
const noRows = (name: string) => new DataFormatError(name, 0, 'no data rows (its first line is read as the header of column names)');

/**
 * Reads a CSV or NDJSON file once to check every line and count the rows, keeping none of them: the pass that
 * `readDataset` makes, with its format sniffing (`.ndjson`/`.jsonl`, or a first character `{`) and its errors
 * (a missing file or a directory named with `code` and `path`, a bad line, no data rows), in constant memory.
 * A file of 8 MiB or more is parsed by a worker thread and this one together, as `fileBatches$` parses it.
 * A later pass can then stream the file with `fileBatches$(path, { format })` knowing `n`. Emits once.
 *
 * @example
 * import { writeFileSync } from 'node:fs';
 * import { scanRows$ } from '@gradstream/data/node';
 * writeFileSync('/tmp/scan.txt', '{"a":1,"y":2}\n{"a":3,"y":4}\n');
 * scanRows$('/tmp/scan.txt').subscribe((s) => console.log(s.n, s.d, s.format)); // 2 1 ndjson
 */
export function scanRows$(path: string, options?: Pick<RowsOptions, 'label' | 'name'>): Observable<SourceShape> {
  checkString('path', path);
  const opts = checkOptions('options', options);
  const name = (opts.name as string | undefined) ?? path;
  return from(firstBytes(path, name)).pipe(
    switchMap((head) => {
      const format: DataFormat = /\.(ndjson|jsonl)$/i.test(path) ? 'ndjson' : sniff(head);
      const spec = checkSource(path, { ...opts, name, format });
      return new Observable<SourceShape>((subscriber) => {
        let n = 0;
        let columns = { features: [] as string[], label: '' };
        const counter = { row: () => void n++, rows: (X: Float64Array, y: Float64Array, count: number) => void (n += count) };
        return readRows(subscriber, spec, parsePlan('auto', path), counter, {
          hold: () => true,
          columns: (c) => (columns = c),
          end() {
            if (n === 0) return subscriber.error(noRows(name));
            subscriber.next({ n, d: columns.features.length, format, ...columns });
            subscriber.complete();
          },
        });
      });
    }),
  );
}

/**
 * Copies a CSV or NDJSON stream (e.g. `process.stdin`) to a file of float64 rows with {@link spillRows},
 * sniffing its format from its first character as `readDataset` does, and refusing a source with no data rows.
 * Epochs then read the copy with `float64Batches$`. Unsubscribing stops reading. Emits once.
 *
 * @example
 * import { Readable } from 'node:stream';
 * import { spillStream$ } from '@gradstream/data/node';
 * spillStream$(Readable.from(['{"a":1,"y":2}\n']), '/tmp/spilled.f64', { name: 'stdin' }).subscribe((s) => console.log(s.n, s.format)); // 1 ndjson
 */
export function spillStream$(stream: NodeJS.ReadableStream, path: string, options?: Pick<RowsOptions, 'label' | 'name'>): Observable<SourceShape> {
  const opts = checkOptions('options', options);
  const name = (opts.name as string | undefined) ?? 'stream';
  return from(firstChunk(stream)).pipe(
    switchMap((head) => {
      if (head === undefined) throw new DataFormatError(name, 0, 'empty file: expected a header line');
      const format = sniff(head);
      return spillRows(stream, path, { ...opts, name, format }).pipe(
        map((s) => {
          if (s.n === 0) throw noRows(name);
          return { ...s, format };
        }),
      );
    }),
  );
}

/** The start of a stream's first chunk, as text, put back so the stream reads from its start; undefined at its end. */
function firstChunk(stream: NodeJS.ReadableStream): Promise<string | undefined> {
  return new Promise((resolve, reject) => {
    const done = (): void => {
      stream.off('readable', onReadable);
      stream.off('end', onEnd);
      stream.off('error', reject);
    };
    const onReadable = (): void => {
      const chunk = stream.read() as Buffer | string | null;
      if (chunk === null) return;
      done();
      stream.unshift(chunk);
      resolve((typeof chunk === 'string' ? chunk : chunk.toString('utf8', 0, 64)).slice(0, 64));
    };
    const onEnd = (): void => {
      done();
      resolve(undefined);
    };
    stream.on('readable', onReadable);
    stream.once('end', onEnd);
    stream.once('error', reject);
  });
}
