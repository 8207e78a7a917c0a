import { closeSync, openSync, writeSync } from 'node:fs';
import { Observable } from 'rxjs';
import type { RowsOptions } from './rows.js';
import { checkSource, readSource } from './source-reader.js';
import { checkOptions } from './validate.js';

/** Bytes gathered before each write. */
const WRITE_BYTES = 1 << 20;

/**
 * Writes rows as raw binary: each row is its `d` features then its label, as float64, with nothing between rows
 * (the features in this machine's byte order, the label little-endian, as {@link float64Batches$} reads them).
 * Made for a temporary file that one process writes and reads back: 8·(d+1) bytes a row, no parsing.
 * Writes 1 MiB at a time, synchronously.
 *
 * @example
 * import { Float64RowWriter } from '@gradstream/data/node';
 * const out = new Float64RowWriter('/tmp/rows.f64', 2);
 * out.row(Float64Array.of(1, 2), 0, 3);
 * out.close();
 * console.log(out.rows); // 1
 */
export class Float64RowWriter {
  /** Rows written so far. */
  rows = 0;
  private readonly fd: number;
  private readonly buffer = Buffer.allocUnsafe(WRITE_BYTES);
  private used = 0;
  private readonly rowBytes: number;
  private closed = false;
  /** The last row array seen, and its bytes (one view per array, not per row). */
  private from: Float64Array | undefined;
  private fromBytes: Buffer = Buffer.alloc(0);

  constructor(
    readonly path: string,
    /** Features per row. */
    readonly d: number,
  ) {
    this.rowBytes = 8 * (d + 1);
    this.fd = openSync(path, 'w');
  }

  /** Appends the row whose features are `X[offset … offset + d)`, with label `y`. */
  row(X: Float64Array, offset: number, y: number): void {
    if (this.used + this.rowBytes > WRITE_BYTES) this.flush();
    if (X !== this.from) {
      this.from = X;
      this.fromBytes = Buffer.from(X.buffer, X.byteOffset, X.byteLength);
    }
    this.fromBytes.copy(this.buffer, this.used, 8 * offset, 8 * (offset + this.d));
    this.buffer.writeDoubleLE(y, this.used + 8 * this.d);
    this.used += this.rowBytes;
    this.rows++;
  }

  /** Writes what is left and closes the file (once; later calls do nothing). */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.flush();
    closeSync(this.fd);
  }

  private flush(): void {
    for (let at = 0; at < this.used; ) at += writeSync(this.fd, this.buffer, at, this.used - at);
    this.used = 0;
  }
}

/** What {@link spillRows} wrote. */
export interface Spilled {
  /** Rows written. */
  n: number;
  /** Features per row. */
  d: number;
  /** Column names from the header (CSV) or the first object's keys (NDJSON). */
  features: string[];
  label: string;
}

/**
 * Reads a CSV or NDJSON file or stream once, as {@link rows$} does (same errors, same backpressure), and writes
 * its rows to `path` with a {@link Float64RowWriter}: a copy that {@link float64Batches$} can read again and
 * again without parsing, and without holding the rows in memory. Resolves with the row count and the columns.
 * The Observable form lets the caller stop reading by unsubscribing (a signal); it emits once.
 *
 * @example
 * import { writeFileSync } from 'node:fs';
 * import { spillRows } from '@gradstream/data/node';
 * writeFileSync('/tmp/spill.csv', 'a,b,y\n1,2,3\n4,5,6\n');
 * spillRows('/tmp/spill.csv', '/tmp/spill.f64').subscribe((s) => console.log(s.n, s.d, s.label)); // 2 2 y
 */
export function spillRows(source: string | NodeJS.ReadableStream, path: string, options?: RowsOptions): Observable<Spilled> {
  const spec = checkSource(source, checkOptions('options', options));
  return new Observable<Spilled>((subscriber) => {
    let writer: Float64RowWriter | undefined;
    let columns: { features: string[]; label: string } | undefined;
    const stop = readSource(spec, subscriber, {
      columns: (c) => (columns = c),
      row(X, offset, y) {
        writer ??= new Float64RowWriter(path, X.length - offset);
        writer.row(X, offset, y);
      },
      end() {
        // A header and no rows: an empty file still marks the spill.
        writer ??= new Float64RowWriter(path, columns!.features.length);
        writer.close();
        subscriber.next({ n: writer.rows, d: writer.d, features: columns!.features, label: columns!.label });
        subscriber.complete();
      },
    });
    return () => {
      stop();
      writer?.close(); // an error or an unsubscribe mid-way: the file is left as far as it got
    };
  });
}
