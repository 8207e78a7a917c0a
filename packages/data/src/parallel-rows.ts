import type { RowTarget } from './byte-rows.js';
import type { ParsePlan } from './parse-mode.js';
import { ParseWorker } from './parse-worker-rows.js';
import { RowLines } from './row-lines.js';
import { readSource, type ColumnsListener, type SourceSpec } from './source-reader.js';

/** Where {@link readRows} puts rows, in file order (a `RowBatcher` is one; so is a counter). */
export interface RowsSink {
  /** Where the next row is parsed into, in place, once its `X` is set. */
  readonly target?: RowTarget;
  /** A row at `X[offset … offset + d)`, parsed on this thread. */
  row(X: Float64Array, offset: number, y: number): void;
  /** `count` rows from the parse worker: features `X[r·d … r·d + d)`, labels `y[r]`; stop once `until.closed`. */
  rows(X: Float64Array, y: Float64Array, count: number, d: number, until: { readonly closed: boolean }): void;
}

/** What {@link readRows} asks and tells besides the rows. */
export interface ReadRowsHandlers {
  /** After each chunk: true to go on, or a promise that holds the next chunk until it settles (backpressure). */
  hold(): true | Promise<void>;
  /** Every row was handed over. */
  end(): void;
  /** The column names, when this thread reads the header (not with `plan: 'worker'`). */
  columns?: ColumnsListener;
}

/**
 * Reads a checked source's rows into `sink`, in file order, on the thread `plan` says: this one (`inline`), a
 * {@link ParseWorker} from the first byte (`worker`), or this one until the worker is ready, which then reads on
 * from the next line start after a chunk (`handover`). Lines the worker leaves to this thread as text are
 * parsed here, in their place in the order. Errors go to `subscriber.error` with the inline messages. Returns the
 * teardown (stops reading, terminates the worker).
 *
 * @example
 * import { writeFileSync } from 'node:fs';
 * import { readRows } from './parallel-rows.js';
 * writeFileSync('/tmp/parallel-rows.csv', 'a,y\n1,2\n3,4\n');
 * const spec = { source: '/tmp/parallel-rows.csv', format: 'csv', name: 'parallel-rows.csv', label: undefined } as const;
 * let n = 0;
 * const sink = { row: () => void n++, rows: (X: Float64Array, y: Float64Array, count: number) => void (n += count) };
 * const stop = readRows({ closed: false, error: console.error }, spec, 'worker', sink, { hold: () => true, end: () => (console.log(n), stop()) }); // 2
 */
export function readRows(subscriber: { readonly closed: boolean; error(err: unknown): void }, spec: SourceSpec, plan: ParsePlan, sink: RowsSink, handlers: ReadRowsHandlers): () => void {
  let textRows: RowLines | undefined; // lines the worker left to this thread
  const row = (X: Float64Array, offset: number, y: number): void => sink.row(X, offset, y);
  const worker =
    plan === 'inline'
      ? undefined
      : new ParseWorker({ path: spec.source as string, format: spec.format, name: spec.name, label: spec.label }, plan === 'worker' ? { offset: 0, line: 0, headerRead: false } : undefined, {
          rows: (X, y, count, d) => sink.rows(X, y, count, d, subscriber),
          text(text, line) {
            if (textRows === undefined) {
              textRows = new RowLines(spec, subscriber, { target: sink.target, row });
              if (!textRows.learnHeader(spec.source as string, line)) return;
            }
            textRows.parser.lines = line;
            textRows.lines.push(text);
          },
          hold: handlers.hold,
          end: handlers.end,
          error: (err) => subscriber.error(err),
        });
  const stop =
    plan === 'worker'
      ? () => {}
      : readSource(spec, subscriber, {
          target: sink.target,
          row,
          columns: handlers.columns,
          chunkRead(at) {
            if (worker?.ready && at.headerRead) {
              worker.handOver(at);
              return false;
            }
            return handlers.hold();
          },
          end() {
            worker?.stop();
            handlers.end();
          },
        });
  return () => {
    stop();
    worker?.stop();
  };
}
