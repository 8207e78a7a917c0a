/**
 * Everything the page knows about the run, built only from the server's frames (DOM-free).
 *
 * A late joiner or a replay gets the run so far from `hello` (run, epochs, the loss and the parameters
 * per step downsampled into buckets, latest parameters, latest explanation), then every event with a
 * `seq`. The histories are the server's own `BucketHistory`, continued with live steps on the server's
 * grid, and the epochs an `EvenSample`; so the store's size does not grow with the run's length, and
 * `version` increases on every change so the drawing code can skip work when nothing moved.
 */
import { isInterruption, parameterSeries, type DoneEvent, type EpochEvent, type ErrorEvent, type RunEvent, type StepEvent, type StepExplanation } from '@gradstream/events';
import { BucketHistory } from '../../src/bucket-history.js';
import { EvenSample } from '../../src/even-sample.js';
import type { HelloFrame, LatestState, ServerFrame } from '../../src/protocol.js';
import { runIdOf } from '../../src/run-id.js';
import { seedHistories } from './seed-histories.js';

/** `refused`: the monitor turned the page's token down (wrong or missing); the page stops retrying. */
export type ConnectionState = 'connecting' | 'open' | 'reconnecting' | 'closed' | 'refused';

export interface StoreOptions {
  /** Most loss buckets kept (and drawn). */
  lossCapacity?: number;
  /** Most parameter buckets kept (and drawn). */
  paramCapacity?: number;
  /** Most epochs kept (an evenly spaced sample with the first and the latest beyond it). */
  epochCapacity?: number;
}

/** The point the parameters should reach: the least-squares optimum when known, else the true parameters. */
export function target(run: RunEvent | null): { w: number[]; b: number; label: string } | null {
  if (run?.optimum) return { w: run.optimum.w, b: run.optimum.b, label: 'least-squares optimum' };
  if (run?.trueW && run.trueB !== undefined) return { w: run.trueW, b: run.trueB, label: 'true parameters' };
  return null;
}

/** Euclidean distance between (w, b) and the target, over all parameters. */
export function distance(w: readonly number[], b: number, to: { w: readonly number[]; b: number }): number {
  let s = (b - to.b) ** 2;
  for (let j = 0; j < w.length; j++) s += (w[j] - (to.w[j] ?? 0)) ** 2;
  return Math.sqrt(s);
}

// JSON turns a diverged NaN/Infinity into null; keep it a non-finite number inside the page.
const num = (x: number | null | undefined): number => (typeof x === 'number' ? x : NaN);

/**
 * @example
 * import { RunStore } from './store.js';
 * const store = new RunStore();
 * // In the page: socket.onmessage = (m) => store.apply(JSON.parse(m.data));
 * store.apply({ type: 'step', seq: 2, epoch: 1, step: 1, globalStep: 1, size: 10, loss: 16.2, w: [0.1, -0.2], b: 0.1, gradNorm: 9 });
 * console.log(store.latest?.w, store.stepsSeen); // [ 0.1, -0.2 ] 1
 */
export class RunStore {
  connection: ConnectionState = 'connecting';
  run: RunEvent | null = null;
  latest: LatestState | null = null;
  /** Epochs finished (hello's count plus live ones); `epochs` may hold a sample of them. */
  epochCount = 0;
  explain: StepExplanation | null = null;
  /** Global step of `explain`, when known (hello's explanation does not say). */
  explainStep: number | null = null;
  done: DoneEvent | null = null;
  error: ErrorEvent | null = null;
  /** The last message the server sent about a frame this page sent (should never happen). */
  protocolError: string | null = null;
  /** Steps covered by the loss history: hello's history plus live steps. */
  stepsSeen = 0;
  /** Seq of the last run event applied (0 before any). */
  lastSeq = 0;
  /** The id of the run shown (the server's, see `runIdOf`): a resume names it, so it is never spliced into another run. */
  runId: string | undefined = undefined;
  framesSeen = 0;
  /** Increases on every change. */
  version = 0;
  /** Loss per step, one column. */
  readonly loss: BucketHistory;
  /** Parameters per step, columns w₁…w_d, b; step 0 holds the initial ones. */
  params: BucketHistory;
  readonly #paramCapacity: number;
  readonly #epochs: EvenSample<EpochEvent>;
  // Rows refilled per step: applying a step allocates nothing for the histories.
  readonly #lossRow = new Float64Array(1);
  #paramRow = new Float64Array(3);

  constructor({ lossCapacity = 4000, paramCapacity = 2000, epochCapacity = 512 }: StoreOptions = {}) {
    this.loss = new BucketHistory({ capacity: lossCapacity, columns: 1 });
    this.#paramCapacity = paramCapacity;
    this.params = new BucketHistory({ capacity: paramCapacity, columns: 3 });
    this.#epochs = new EvenSample(epochCapacity);
  }

  /** The epochs: all of them, or an evenly spaced sample with the first and the latest. */
  get epochs(): readonly EpochEvent[] {
    return this.#epochs.items();
  }

  /** The latest step either history holds (0 before any). */
  get latestStep(): number {
    const last = (h: BucketHistory) => (h.length ? h.toStep(h.length - 1) : 0);
    return Math.max(last(this.loss), last(this.params), this.latest?.globalStep ?? 0);
  }

  setConnection(state: ConnectionState): void {
    if (state === this.connection) return;
    this.connection = state;
    this.version++;
  }

  /** Applies one server frame; returns whether anything changed. */
  apply(frame: ServerFrame): boolean {
    this.framesSeen++;
    if (frame.type === 'hello') {
      this.#hello(frame);
      this.version++;
      return true;
    }
    // Pongs, and control state (kept by the controls bar, panels/controls.ts), are not the run.
    if (frame.type === 'pong' || frame.type === 'control') return false;
    if (!('seq' in frame)) {
      this.protocolError = frame.message;
      this.version++;
      return true;
    }
    // A resent frame after a resume; a `run` always starts over (seq restarts at 1 for a new run).
    if (frame.type !== 'run' && frame.seq <= this.lastSeq) return false;
    this.lastSeq = frame.seq;
    switch (frame.type) {
      case 'run':
        this.#reset(frame);
        this.runId = runIdOf(frame);
        this.#pushParams(0, parameterSeries(frame));
        break;
      case 'step':
        this.#goOn();
        this.#step(frame);
        break;
      case 'explain':
        // Explanations arrive as their own events (the trainer's), or inside a step (older producers).
        this.explain = frame.explain;
        this.explainStep = frame.globalStep;
        break;
      case 'epoch':
        this.#goOn();
        this.#addEpoch(frame);
        this.#catchUp(frame.globalStep, frame.epoch, frame);
        break;
      case 'done':
        this.done = frame;
        this.#catchUp(frame.steps, this.latest?.epoch ?? frame.epochs, frame);
        break;
      case 'error':
        this.error = frame;
        break;
    }
    this.version++;
    return true;
  }

  /** An interrupted run whose events go on was resumed in the same stream: it is no longer stopped. */
  #goOn(): void {
    if (this.error && isInterruption(this.error)) this.error = null;
  }

  #reset(run: RunEvent | null): void {
    this.run = run;
    this.latest = null;
    this.#epochs.clear();
    this.epochCount = 0;
    this.explain = null;
    this.explainStep = null;
    this.done = null;
    this.error = null;
    this.stepsSeen = 0;
    this.loss.clear();
    const columns = run ? parameterSeries(run).length : 3;
    this.params = new BucketHistory({ capacity: this.#paramCapacity, columns });
    this.#paramRow = new Float64Array(columns);
  }

  // Epochs arrive in order; one at or before the newest is a resent frame after a resume.
  #addEpoch(e: EpochEvent): void {
    const newest = this.#epochs.items().at(-1);
    if (newest && newest.epoch >= e.epoch) return;
    this.#epochs.add(e);
    this.epochCount++;
  }

  #hello(h: HelloFrame): void {
    const sameRun = h.resumedFrom !== undefined && h.run !== null && (h.runId !== undefined && this.runId !== undefined ? h.runId === this.runId : this.run?.startedAt === h.run.startedAt);
    if (sameRun) {
      // A resume: our history is complete up to resumedFrom and the missing events follow.
      this.lastSeq = Math.min(this.lastSeq, h.resumedFrom!);
      return;
    }
    this.#reset(h.run);
    this.runId = h.runId ?? (h.run === null ? undefined : runIdOf(h.run));
    this.lastSeq = h.seq;
    for (const e of h.epochs) this.#addEpoch(e);
    this.epochCount = h.epochCount ?? h.epochs.length;
    this.stepsSeen = seedHistories(h, this.loss, this.params);
    if (h.latest) {
      this.latest = { ...h.latest, loss: num(h.latest.loss), gradNorm: num(h.latest.gradNorm) };
      this.#pushParams(h.latest.globalStep, parameterSeries(h.latest));
    }
    this.explain = h.explain;
    this.explainStep = null;
    this.done = h.done;
    this.error = h.error;
  }

  #step(s: StepEvent): void {
    this.stepsSeen++;
    // A diverged loss (null on the wire) is left out of the history; the error event reports it.
    this.#lossRow[0] = num(s.loss);
    this.loss.add(s.globalStep, this.#lossRow);
    this.latest = { epoch: s.epoch, globalStep: s.globalStep, loss: num(s.loss), gradNorm: num(s.gradNorm) };
    copyParameters(s, this.latest);
    this.#pushParams(s.globalStep, parameterSeries(s));
    if (s.explain) {
      this.explain = s.explain;
      this.explainStep = s.globalStep;
    }
  }

  // With `maxHz` (or a congested socket) the server may skip the last steps of an epoch; the epoch
  // and done events carry the parameters after them, so the page still ends on the true values.
  #catchUp(globalStep: number, epoch: number, e: EpochEvent | DoneEvent): void {
    if (this.latest && this.latest.globalStep >= globalStep) return;
    this.latest = { epoch, globalStep, loss: this.latest?.loss ?? NaN, gradNorm: this.latest?.gradNorm ?? NaN };
    copyParameters(e, this.latest);
    this.#pushParams(globalStep, parameterSeries(e));
  }

  /** `values`: what the parameter chart draws (`parameterSeries`): the lesson's w…, b, or a norm per tensor. */
  #pushParams(step: number, values: readonly number[]): void {
    const row = this.#paramRow;
    for (let j = 0; j < row.length; j++) row[j] = num(values[j]);
    this.params.add(step, row);
  }
}

/** The parameter fields of an event (the lesson's w and b, or params/norms by name) onto the latest state. */
function copyParameters(e: StepEvent | EpochEvent | DoneEvent, to: LatestState): void {
  if (e.w !== undefined) to.w = e.w;
  if (e.b !== undefined) to.b = e.b;
  if (e.params !== undefined) to.params = e.params;
  if (e.norms !== undefined) to.norms = e.norms;
  if (e.accuracy !== undefined) to.accuracy = e.accuracy;
}
