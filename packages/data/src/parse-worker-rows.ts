import { Worker } from 'node:worker_threads';
import { chunkArrays, receivedError, type FromParseWorker, type ParseWorkerData, type ToParseWorker } from './parse-worker-messages.js';
import { parseWorkerScript } from './parse-worker-script.js';
import type { ReadPosition } from './source-reader.js';

/**
 * The worker's young generation (V8's nursery), in MB: it allocates little (rows go into reused chunks), and a
 * small nursery keeps its memory down (the process's peak RSS over one 1M-row CSV epoch: ~118 MB at 1–2 MB, up to 126 at the default 16).
 */
const WORKER_YOUNG_MB = 2;

/** What parse workers did in this process (for tests and benchmarks): how many became ready, and where each handover was. */
export const parseWorkerLog = { ready: 0, handovers: [] as ReadPosition[] };

/** What {@link ParseWorker} does with what the worker parsed. */
export interface ParsedRowsHandlers {
  /** `count` rows: features `X[r·d … r·d + d)`, labels `y[r]`; both are given back to the worker afterwards. */
  rows(X: Float64Array, y: Float64Array, count: number, d: number): void;
  /** Whole lines to parse on this thread, numbered after `line`. */
  text(text: Buffer, line: number): void;
  /** After each chunk: true to take the next at once, or a promise that holds later chunks until it settles. */
  hold(): true | Promise<void>;
  end(): void;
  error(err: unknown): void;
}

/**
 * A worker thread that parses a CSV or NDJSON file (see `parse-worker.ts`), seen from the thread that owns
 * the rows. With `from`, the worker reads from there as soon as it runs; without, it becomes {@link ready}
 * and waits for {@link handOver}, so that the caller parses inline meanwhile and hands the rest of the file
 * over at a line start (a worker takes ~30 ms to start). Chunks are handled in order, one at a time; a
 * worker that fails before the handover is dropped (the caller reads on), after it the failure is the
 * stream's error. {@link stop} terminates the thread.
 *
 * @example
 * import { writeFileSync } from 'node:fs';
 * import { ParseWorker } from './parse-worker-rows.js';
 * writeFileSync('/tmp/parse-worker.csv', 'a,y\n1,2\n3,4\n');
 * const spec = { path: '/tmp/parse-worker.csv', format: 'csv', name: 'parse-worker.csv', label: undefined } as const;
 * const worker = new ParseWorker(spec, { offset: 0, line: 0, headerRead: false }, {
 *   rows: (X, y, count) => console.log(count, X[0], y[0]), // 2 1 2
 *   text: (text) => console.log(text.toString()),
 *   hold: () => true,
 *   end: () => worker.stop(),
 *   error: console.error,
 * });
 */
export class ParseWorker {
  /** The worker runs and waits for {@link handOver}. */
  ready = false;
  private worker: Worker | undefined;
  private handedOver: boolean;
  private stopped = false;
  private done = false;
  private holding = false;
  private readonly queue: FromParseWorker[] = [];

  constructor(
    private readonly data: Omit<ParseWorkerData, 'from'>,
    from: ReadPosition | undefined,
    private readonly h: ParsedRowsHandlers,
  ) {
    this.handedOver = from !== undefined;
    parseWorkerScript().then(
      (script) => this.launch(new Worker(script.filename, { eval: script.eval, execArgv: [], workerData: { ...data, from }, resourceLimits: { maxYoungGenerationSizeMb: WORKER_YOUNG_MB } })),
      (err: unknown) => this.fail(err),
    );
  }

  /** The worker reads on from `from` (a line start; the caller stopped reading there). */
  handOver(from: ReadPosition): void {
    this.handedOver = true;
    parseWorkerLog.handovers.push(from);
    this.send({ type: 'start', from });
  }

  /** Terminates the worker (at once: what it was doing is dropped). */
  stop(): void {
    if (this.stopped) return;
    this.stopped = true;
    void this.worker?.terminate();
  }

  private launch(worker: Worker): void {
    this.worker = worker;
    if (this.stopped) return void worker.terminate();
    worker.on('message', (message: FromParseWorker) => this.receive(message));
    worker.on('error', (err) => this.fail(err));
    worker.on('exit', (code) => this.fail(new Error(`${this.data.name}: cannot read: its parse worker stopped (exit code ${code}) before the end of the file`)));
  }

  private send(message: ToParseWorker, transfer: ArrayBuffer[] = []): void {
    if (!this.stopped) this.worker?.postMessage(message, transfer);
  }

  private fail(err: unknown): void {
    if (this.done || this.stopped) return;
    if (!this.handedOver) {
      this.ready = false;
      return this.stop(); // the caller reads the file itself
    }
    this.done = true;
    this.h.error(err);
  }

  private receive(message: FromParseWorker): void {
    if (message.type === 'ready') {
      this.ready = true;
      parseWorkerLog.ready++;
    }
    else {
      this.queue.push(message);
      if (!this.holding) this.drain();
    }
  }

  /** Holds later chunks until `wait` settles (true: no wait); returns whether it holds. */
  private hold(wait: true | Promise<void>): boolean {
    if (wait === true) return false;
    this.holding = true;
    wait.then(() => {
      this.holding = false;
      this.drain();
    });
    return true;
  }

  private drain(): void {
    while (this.queue.length > 0 && !this.stopped && !this.done) {
      const message = this.queue.shift() as FromParseWorker;
      if (message.type === 'rows') {
        const { X, y } = chunkArrays(message.buffer, message.capacity, message.d);
        this.h.rows(X, y, message.rows, message.d);
        this.send({ type: 'return', buffer: message.buffer }, [message.buffer]);
        if (this.hold(this.h.hold())) return;
      } else if (message.type === 'text') {
        this.h.text(Buffer.from(message.buffer, 0, message.length), message.line);
        this.send({ type: 'parsed', buffer: message.buffer }, [message.buffer]);
        if (this.hold(this.h.hold())) return;
      } else if (message.type === 'end') {
        this.done = true;
        this.h.end();
      } else if (message.type === 'error') {
        this.done = true;
        this.h.error(receivedError(message.error));
      }
    }
  }
}
