import {
  SCHEMA_VERSION,
  isInterruption,
  parameterSeries,
  type DoneEvent,
  type EpochEvent,
  type ErrorEvent,
  type RunEvent,
  type StepEvent,
  type StepExplanation,
  type TrainEvent,
} from '@gradstream/events';
import { BucketHistory } from './bucket-history.js';
import { EvenSample } from './even-sample.js';
import { lossBuckets } from './loss-history.js';
import { PROTOCOL_VERSION, type HelloFrame, type LatestState, type ParamHistory } from './protocol.js';
import { runIdOf } from './run-id.js';

/** Most epochs in a hello: beyond it, an evenly spaced sample with the first and the latest. */
export const HELLO_EPOCHS = 512;

/**
 * An event of the run with its sequence number. Its frame (`{ ...event, seq }` as UTF-8 JSON) is built
 * on first use, off the trainer's path, and once for all clients: `ws` sends the same bytes to each.
 */
export class Sequenced {
  private bytes: Buffer | null = null;

  constructor(
    /** Which run of the stream this event belongs to: 1 for the first `run` event, 0 before any. */
    readonly run: number,
    readonly seq: number,
    readonly event: TrainEvent,
    /** The id of that run (`runIdOf`), null before any run. */
    readonly runId: string | null = null,
  ) {}

  get data(): Buffer {
    this.bytes ??= Buffer.from(JSON.stringify({ ...this.event, seq: this.seq }));
    return this.bytes;
  }

  /** Whether `data` goes out as a binary frame (a `PackedEvent`'s does). */
  get binary(): boolean {
    return false;
  }
}

/**
 * Everything the server knows about the run: the state a late joiner needs (`hello`: the run, the
 * epochs (up to `HELLO_EPOCHS`, then a sample), done/error, the latest parameters, and the loss and
 * parameters per step downsampled into at most `historySize` buckets) and a bounded log of the last
 * `logSize` events for clients that resume with `?since=`. Nothing it keeps grows with the run.
 *
 * Sequence numbers are per run and deterministic: the n-th event of a run has seq n (its `run`
 * event is 1), so a server restarted over a replay of the same run hands out the same numbers. A new
 * `run` event starts a new run and resets everything.
 *
 * @example
 * import { RunState } from '@gradstream/monitor';
 * const state = new RunState({ historySize: 100, logSize: 1000 });
 * state.record({ type: 'error', message: 'stopped' });
 * console.log(state.hello().seq); // 1
 */
export class RunState {
  seq = 0;
  /** How many `run` events the stream has had: the current run's number. */
  runIndex = 0;
  /** The current run's id (`runIdOf` its run event); null before any run. */
  runId: string | null = null;
  private run: RunEvent | null = null;
  /** The latest step; `hello` turns it into a `LatestState` (no allocation per step on the trainer's path). */
  private lastStep: StepEvent | null = null;
  private readonly epochs = new EvenSample<EpochEvent>(HELLO_EPOCHS);
  private explain: StepExplanation | null = null;
  private done: DoneEvent | null = null;
  private error: ErrorEvent | null = null;
  /** Columns loss, w₁…w_d, b; made when the run (or its first step) says what d is. */
  private history: BucketHistory | null = null;
  /** One row per step, refilled in place (no allocation per step on the trainer's path). */
  private row = new Float64Array(0);
  private readonly historySize: number;
  /** Ring of the last `logSize` events of any type. */
  private readonly ring: (Sequenced | undefined)[];
  private readonly logSize: number;

  constructor({ historySize, logSize }: { historySize: number; logSize: number }) {
    if (!Number.isInteger(logSize) || logSize < 1) {
      throw new RangeError(`invalid argument. logSize must be a positive integer. Value: \`${logSize}\`.`);
    }
    if (!Number.isInteger(historySize) || historySize < 1) {
      throw new RangeError(`invalid argument. historySize must be a positive integer. Value: \`${historySize}\`.`);
    }
    this.historySize = historySize;
    this.logSize = logSize;
    this.ring = new Array(logSize);
  }

  /** Records the next event of the stream and returns it sequenced. */
  record(event: TrainEvent): Sequenced {
    if (event.type === 'run') {
      this.reset();
      this.runIndex++;
      this.runId = runIdOf(event);
    }
    // An interrupted run whose events go on was resumed in the same stream: a page that joins later must not see it
    // stopped (its hello would carry the interruption next to the run's done).
    if (this.error !== null && event.type !== 'error' && isInterruption(this.error)) this.error = null;
    const seq = ++this.seq;
    const item = new Sequenced(this.runIndex, seq, event, this.runId);
    this.ring[seq % this.logSize] = item;
    switch (event.type) {
      case 'run':
        this.run = event;
        // Step 0 holds the initial parameters (no loss yet), so the parameter chart starts where the run did.
        this.addRow(0, NaN, parameterSeries(event));
        break;
      case 'step':
        this.lastStep = event;
        this.addRow(event.globalStep, event.loss, parameterSeries(event));
        if (event.explain) this.explain = event.explain;
        break;
      case 'explain':
        this.explain = event.explain;
        break;
      case 'epoch':
        this.epochs.add(event);
        break;
      case 'done':
        this.done = event;
        break;
      case 'error':
        this.error = event;
        break;
    }
    return item;
  }

  /**
   * The events after `since`, when the log still holds all of them (`undefined` when it does not:
   * the client then needs a full `hello`). A `since` at or beyond the current seq yields `[]`: a server
   * restarted over a replay may not have caught up yet, and the events will follow live.
   */
  after(since: number): Sequenced[] | undefined {
    if (since >= this.seq) return [];
    const oldest = Math.max(1, this.seq - this.logSize + 1);
    if (since + 1 < oldest) return undefined;
    const out: Sequenced[] = [];
    for (let s = since + 1; s <= this.seq; s++) out.push(this.ring[s % this.logSize] as Sequenced);
    return out;
  }

  /** The first frame for a new connection; `resumedFrom` when it resumes after that seq. */
  hello(resumedFrom?: number): HelloFrame {
    const frame: HelloFrame = {
      type: 'hello',
      protocol: PROTOCOL_VERSION,
      schema: this.run?.v ?? SCHEMA_VERSION,
      seq: this.seq,
      run: this.run,
      latest: latestState(this.lastStep),
      epochs: [...this.epochs.items()],
      epochCount: this.epochs.count,
      history: this.history ? lossBuckets(this.history, 0) : [],
      paramHistory: this.paramHistory(),
      explain: this.explain,
      done: this.done,
      error: this.error,
    };
    if (this.runId !== null) frame.runId = this.runId;
    if (resumedFrom !== undefined) frame.resumedFrom = resumedFrom;
    return frame;
  }

  /** One history row: the loss, then what the parameter chart draws (`parameterSeries`: the lesson's w…, b; any other model's norm per tensor). */
  private addRow(step: number, loss: number, params: readonly number[]): void {
    if (this.history === null) {
      this.history = new BucketHistory({ capacity: this.historySize, columns: params.length + 1 });
      this.row = new Float64Array(params.length + 1);
    }
    const row = this.row;
    row[0] = loss;
    // A step with fewer (or more) parameters than the run started with fills what it has.
    for (let j = 1; j < row.length; j++) row[j] = params[j - 1] ?? NaN;
    this.history.add(step, row);
  }

  private paramHistory(): ParamHistory {
    const h = this.history;
    if (h === null) return { width: 1, buckets: [] };
    const buckets = [];
    for (let i = 0; i < h.length; i++) buckets.push(h.bucket(i, 1));
    return { width: h.width, buckets };
  }

  private reset(): void {
    this.seq = 0;
    this.run = null;
    this.lastStep = null;
    this.epochs.clear();
    this.explain = null;
    this.done = null;
    this.error = null;
    this.history = null;
    // The ring is not cleared: `after()` only reads seqs 1..seq, all written by the current run.
  }
}

function latestState(step: StepEvent | null): LatestState | null {
  if (step === null) return null;
  const latest: LatestState = { epoch: step.epoch, globalStep: step.globalStep, loss: step.loss, gradNorm: step.gradNorm };
  if (step.w !== undefined) Object.assign(latest, { w: step.w, b: step.b });
  if (step.params !== undefined) latest.params = step.params;
  if (step.norms !== undefined) latest.norms = step.norms;
  if (step.accuracy !== undefined) latest.accuracy = step.accuracy;
  return latest;
}
